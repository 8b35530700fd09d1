// The one user-assigned managed identity the function app runs as. Every data-plane permission the app
// needs is a role assignment to this identity (made by the module of each resource); no keys anywhere.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity (for the app\'s identity block and deployment storage authentication).')
output id string = identity.id

@description('Client id of the identity (the *__clientId app settings).')
output clientId string = identity.properties.clientId

@description('Principal (object) id of the identity (role assignments).')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
