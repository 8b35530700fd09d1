// Built-in Azure role definition ids used by this template, and the shape of a role assignment that the
// resource modules accept (the Azure Verified Modules habit: each resource module assigns roles on itself).
// Ids are the documented built-in role GUIDs (learn.microsoft.com/azure/role-based-access-control/built-in-roles);
// tests/Integration/Infra/InfraTemplateTests.cs checks each against its own copy of that table.

@export()
@description('Built-in role definition ids by role.')
var builtInRoleIds = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a' // Storage Blob Delegator
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // Monitoring Metrics Publisher
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
}

@export()
@description('A data-plane role given to a service principal (a managed identity) on the resource of the module it is passed to.')
type roleAssignment = {
  @description('Object (principal) id of the managed identity.')
  principalId: string

  @description('Built-in role definition id (a GUID from builtInRoleIds).')
  roleDefinitionId: string
}
