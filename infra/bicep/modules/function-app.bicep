// The function app: Flex Consumption plan (FC1, Linux), runtime 'dotnet-isolated' 10.0 (ADR 0009: the Functions
// host starts the self-contained NoOneLeftBehind.Functions worker named in the package's worker.config.json; Flex
// Consumption offers .NET 10 for the isolated worker), running as the user-assigned identity. The host reaches its storage, the deployment container and Application Insights with that
// identity; nothing here holds a key.
//
// Flex Consumption takes the runtime from functionAppConfig.runtime and rejects the FUNCTIONS_WORKER_RUNTIME
// and FUNCTIONS_EXTENSION_VERSION app settings (and WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*), so they are
// deliberately absent.

@description('Name of the function app (globally unique: it is the <name>.azurewebsites.net host).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region (must offer Flex Consumption: az functionapp list-flexconsumption-locations).')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name: api).')
param tags object

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity (the *__clientId settings and the App Insights authentication string).')
param identityClientId string

@description('Name of the host storage account (AzureWebJobsStorage).')
param hostStorageName string

@description('URL of the blob container the plan deploys the package from.')
param deploymentContainerUrl string

@description('Name of the Application Insights component the host sends telemetry to.')
param applicationInsightsName string

@description('Memory of each instance in MB (CPU scales with it).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on instances the plan scales out to (a cost ceiling).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('App settings of the product itself (DataStorage__*, Identity__*, ...); the host settings are added here.')
param appSettings object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in the settings (Embedding__SigningKey) are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The Functions host's own connection: identity-based, user-assigned identity.
var hostSettings = {
  AzureWebJobsStorage__accountName: hostStorageName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // The connection string only names the ingestion endpoint: with local auth disabled on the component,
  // telemetry is accepted only with the Entra token the authentication string asks for.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
  // The package's wwwroot (scripts/package.sh runs scripts/build-web.sh): the app serves the front end at /
  // on the API's own origin. A relative Web__Root is taken from the executable's folder.
  Web__Root: 'wwwroot'
  Web__Layout: 'built'
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, hostSettings)
}

// No publishing user names or passwords: deployments go through Entra ID (az / azd tokens).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default HTTPS origin of the function app.')
output origin string = 'https://${site.properties.defaultHostName}'
