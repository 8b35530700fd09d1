// No One Left Behind: everything one province needs in its own subscription, in one resource group.
// Orchestrates modules/ (one concern each). Deploy with `azd up` (azure.yaml at the repository root) or
// `az deployment sub create` (docs/deploy.md). No resource here is reached with a key: the function app runs
// as one user-assigned managed identity holding least-privilege data roles, and no output is a secret.

targetScope = 'subscription'

import { builtInRoleIds } from 'modules/role-definitions.bicep'

@description('Messaging transport for the work queues: storage queues (tested here) or Service Bus (dead-lettering, duplicate detection).')
type messagingTransport = 'storage-queues' | 'service-bus'

// ---------------------------------------------------------------- parameters

@description('Name of the environment (azd environment name), e.g. "binhdinh-prod". Seeds the resource names and tags.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of the resources. Must offer Flex Consumption (az functionapp list-flexconsumption-locations), e.g. southeastasia.')
@minLength(1)
param location string

@description('Resource group to create or reuse; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Extra tags applied to every resource (e.g. an agency cost centre).')
param tags object = {}

@description('Region of the Static Web App (Static Web Apps run only in a few regions; eastasia is nearest to Viet Nam).')
@allowed([
  'eastasia'
  'westeurope'
  'westus2'
  'centralus'
  'eastus2'
])
param staticWebAppLocation string = 'eastasia'

@description('Static Web App plan.')
@allowed([
  'Free'
  'Standard'
])
param staticWebAppSku string = 'Free'

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of instances the function app scales out to: the cost ceiling under load.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Work-queue transport. service-bus also creates a Service Bus namespace (Standard, billed hourly even when idle).')
param messaging messagingTransport = 'storage-queues'

@description('Redundancy of the data storage account (dossier files, tables, queues).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param dataStorageSku string = 'Standard_ZRS'

@description('Days deleted blobs and containers in the data account can be restored (Blob soft delete allows 1-365).')
@minValue(1)
@maxValue(365)
param blobSoftDeleteRetentionDays int = 30

@description('Days a deleted Key Vault or secret can be recovered (Key Vault allows 7-90). Fixed when the vault is created and not changeable afterwards: keep the value an environment was created with (30 before this parameter existed).')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionDays int = 30

@description('Days a previous version of a blob is kept (blob versioning) before it is deleted.')
@minValue(1)
@maxValue(3650)
param previousVersionRetentionDays int = 90

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Daily ingestion cap of Log Analytics in GB (-1: none). A cap protects the bill from a log storm.')
@minValue(-1)
param logDailyQuotaGb int = 1

@description('Entra ID tenant of the API app registration (Identity__TenantId). Defaults to the tenant of the deployment.')
param entraTenantId string = tenant().tenantId

@description('Application (client) id of the API app registration (Identity__ClientId): the audience of access tokens.')
@minLength(36)
@maxLength(36)
param apiClientId string

@description('Application ID URI of the API registration (Identity__AppIdUri); empty means api://<apiClientId>.')
param apiAppIdUri string = ''

@description('Other tenants whose users may call the API (Identity__AllowedTenants); empty means the home tenant only.')
param allowedTenants string[] = []

@description('Application (client) id of the browser (SPA) app registration, published to the front end by GET /api/auth-config.')
param spaClientId string = ''

@description('Delegated scope the SPA requests; empty means <Application ID URI>/access_as_user.')
param spaScope string = ''

@description('First administrators as "<tenantId>_<objectId>" (Identity__BootstrapAdmins): given national scope at start so they can assign everyone else. Empty entries are ignored.')
param bootstrapAdmins string[] = []

@description('Browser origins allowed to call the API besides the Static Web App (e.g. a custom domain).')
param extraCorsOrigins string[] = []

@description('Portals allowed to embed the dashboards in an iframe (Embedding__AllowedOrigins).')
param embeddingAllowedOrigins string[] = []

@description('HMAC key of dashboard embed tokens, base64. Leave the default: a fresh random key each deployment (live embed tokens last minutes, so replacing it rotates it harmlessly). Stored only in Key Vault.')
@secure()
param embeddingSigningKey string = base64('${newGuid()}${newGuid()}')

// ---------------------------------------------------------------- names

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, {
  'azd-env-name': environmentName
  product: 'no-one-left-behind'
})
var layout = loadJsonContent('storage-layout.json')
var useServiceBus = messaging == 'service-bus'
// Integration events for other government systems (docs/events.md), published only with messaging = 'service-bus'.
var integrationEventsTopic = 'integration-events'
var deploymentContainerName = 'app-package'
var names = {
  resourceGroup: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  dataStorage: 'stdata${resourceToken}'
  hostStorage: 'stfunc${resourceToken}'
  serviceBus: 'sbns-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  staticWebApp: 'stapp-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
}

// ---------------------------------------------------------------- settings that need no deployed resource

var appIdUri = empty(apiAppIdUri) ? 'api://${apiClientId}' : apiAppIdUri
var admins = filter(bootstrapAdmins, admin => !empty(admin))
var identitySettings = union(
  {
    Identity__TenantId: entraTenantId
    Identity__ClientId: apiClientId
    Identity__AppIdUri: appIdUri
    Identity__SpaClientId: spaClientId
    Identity__SpaScope: empty(spaScope) ? '${appIdUri}/access_as_user' : spaScope
  },
  toObject(range(0, length(allowedTenants)), i => 'Identity__AllowedTenants__${i}', i => allowedTenants[i]),
  toObject(range(0, length(admins)), i => 'Identity__BootstrapAdmins__${i}', i => admins[i])
)
// Cors__AllowedOrigins__0 is the Static Web App (set below); these follow it.
var extraCorsSettings = toObject(
  range(0, length(extraCorsOrigins)),
  i => 'Cors__AllowedOrigins__${i + 1}',
  i => extraCorsOrigins[i]
)
var embeddingSettings = toObject(
  range(0, length(embeddingAllowedOrigins)),
  i => 'Embedding__AllowedOrigins__${i}',
  i => embeddingAllowedOrigins[i]
)

// ---------------------------------------------------------------- resources

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: allTags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
    roleAssignments: [
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.monitoringMetricsPublisher }
    ]
  }
}

module staticWebApp 'modules/static-web-app.bicep' = {
  name: 'static-web-app'
  scope: rg
  params: {
    name: names.staticWebApp
    location: staticWebAppLocation
    tags: union(allTags, { 'azd-service-name': 'web' })
    sku: staticWebAppSku
  }
}

module dataStorage 'modules/data-storage.bicep' = {
  name: 'data-storage'
  scope: rg
  params: {
    name: names.dataStorage
    location: location
    tags: allTags
    skuName: dataStorageSku
    containers: layout.containers
    tables: layout.tables
    queues: layout.queues
    softDeleteRetentionDays: blobSoftDeleteRetentionDays
    previousVersionRetentionDays: previousVersionRetentionDays
    corsAllowedOrigins: concat([staticWebApp.outputs.origin], extraCorsOrigins)
    roleAssignments: [
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.storageBlobDataContributor }
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.storageBlobDelegator }
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.storageTableDataContributor }
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.storageQueueDataContributor }
    ]
  }
}

module hostStorage 'modules/host-storage.bicep' = {
  name: 'host-storage'
  scope: rg
  params: {
    name: names.hostStorage
    location: location
    tags: allTags
    deploymentContainerName: deploymentContainerName
    // Blob Data Owner is the documented minimum for an identity-based AzureWebJobsStorage; Table Data
    // Contributor lets the host persist its diagnostic events. No queue role: the app has no blob triggers.
    roleAssignments: [
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.storageBlobDataOwner }
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.storageTableDataContributor }
    ]
  }
}

module serviceBus 'modules/service-bus.bicep' = if (useServiceBus) {
  name: 'service-bus'
  scope: rg
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    queues: layout.queues
    topics: [integrationEventsTopic]
    maxDeliveryCount: 5
    duplicateDetectionWindow: 'PT1H'
    roleAssignments: [
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.serviceBusDataSender }
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.serviceBusDataReceiver }
    ]
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    softDeleteRetentionDays: keyVaultSoftDeleteRetentionDays
    embeddingSigningKey: embeddingSigningKey
    roleAssignments: [
      { principalId: identity.outputs.principalId, roleDefinitionId: builtInRoleIds.keyVaultSecretsUser }
    ]
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    hostStorageName: hostStorage.outputs.name
    deploymentContainerUrl: hostStorage.outputs.deploymentContainerUrl
    // The name, not monitoring's output: the module reads the component as an `existing` resource, and a
    // resource name known only at run time would blind what-if (linter: what-if-short-circuiting). The
    // dependsOn below keeps the order that reading the output used to give.
    applicationInsightsName: names.applicationInsights
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    // Every name here is listed in infra/app-settings.json; the infra test checks both against the code.
    appSettings: union(
      identitySettings,
      extraCorsSettings,
      embeddingSettings,
      {
        ASPNETCORE_ENVIRONMENT: 'Production'
        // Our storage clients and the host's queueTrigger bindings (connection "DataStorage") share these.
        DataStorage__accountName: dataStorage.outputs.name
        DataStorage__blobServiceUri: dataStorage.outputs.blobEndpoint
        DataStorage__queueServiceUri: dataStorage.outputs.queueEndpoint
        DataStorage__tableServiceUri: dataStorage.outputs.tableEndpoint
        DataStorage__credential: 'managedidentity'
        DataStorage__clientId: identity.outputs.clientId
        Cors__AllowedOrigins__0: staticWebApp.outputs.origin
        // The Functions host forwards requests over loopback; the platform front end appends the client's address to
        // X-Forwarded-For. Only that rightmost entry is believed (src/Functions/Hosting/ClientAddress.cs).
        Network__ForwardedHeaders__KnownProxies__0: '127.0.0.1'
        Network__ForwardedHeaders__KnownProxies__1: '::1'
        Network__ForwardedHeaders__ForwardLimit: '1'
        // Resolved by the platform with the app's identity (keyVaultReferenceIdentity); never the value itself.
        Embedding__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.embeddingSigningKeySecretUri})'
      },
      useServiceBus
        ? {
            // The app's integration-event publisher (src/Infrastructure/Messaging), with the managed identity.
            ServiceBus__fullyQualifiedNamespace: serviceBus!.outputs.fullyQualifiedNamespace
            Messaging__IntegrationEventsTopic: integrationEventsTopic
            ServiceBus__credential: 'managedidentity'
            ServiceBus__clientId: identity.outputs.clientId
          }
        : {}
    )
  }
  // The settings above read outputs of identity, dataStorage, hostStorage, staticWebApp, keyVault and
  // serviceBus, so the app is created only after those modules (and the role assignments inside them) have
  // finished. Monitoring is named, not read, so it is listed: the component must exist (and the app's
  // Monitoring Metrics Publisher role be assigned) before the app reads its connection string. Role
  // assignments can still take a few minutes to propagate: the host retries meanwhile.
  dependsOn: [
    monitoring
  ]
}

// ---------------------------------------------------------------- outputs (names and public URLs only)

@description('Region of the resources.')
output AZURE_LOCATION string = location

@description('Tenant the resources and the API registration live in.')
output AZURE_TENANT_ID string = entraTenantId

@description('Resource group holding everything.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Function app name (target of az functionapp deployment source config-zip).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('API origin; the API is under /api.')
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.origin

@description('Static Web App name.')
output AZURE_STATIC_WEB_APP_NAME string = staticWebApp.outputs.name

@description('Front-end origin (SPA redirect URI).')
output AZURE_STATIC_WEB_APP_URL string = staticWebApp.outputs.origin

@description('Data storage account name.')
output AZURE_DATA_STORAGE_ACCOUNT string = dataStorage.outputs.name

@description('Client id of the app\'s managed identity (not a secret: it grants nothing by itself).')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Application Insights component name.')
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Service Bus namespace name; empty with messaging = storage-queues.')
output AZURE_SERVICE_BUS_NAMESPACE string = useServiceBus ? serviceBus!.outputs.name : ''
