// Optional: a Service Bus namespace (Standard: duplicate detection and topics need it) with one queue per work
// queue, and the topics the app publishes integration events to (docs/events.md) — dead-lettering on, duplicate
// detection on (the app sends each event with MessageId = event id), local (SAS key) auth off.

import { roleAssignment } from 'role-definitions.bicep'

@description('Name of the Service Bus namespace (globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object

@description('Queues to create.')
param queues string[]

@description('Topics for integration events published to other systems (docs/events.md). Subscriptions are the subscribers\' to create.')
param topics string[]

@description('Deliveries before a message is dead-lettered (host.json uses 5 for storage queues too).')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int

@description('ISO 8601 window in which a repeated MessageId is dropped as a duplicate.')
param duplicateDetectionWindow string

@description('Data-plane roles to assign on the namespace.')
param roleAssignments roleAssignment[]

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource workQueues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in queues: {
    parent: namespace
    name: queue
    properties: {
      deadLetteringOnMessageExpiration: true
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      maxDeliveryCount: maxDeliveryCount
      lockDuration: 'PT5M'
      defaultMessageTimeToLive: 'P14D'
    }
  }
]

resource eventTopics 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = [
  for topic in topics: {
    parent: namespace
    name: topic
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      defaultMessageTimeToLive: 'P14D'
      supportOrdering: true
    }
  }
]

resource namespaceRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(namespace.id, assignment.principalId, assignment.roleDefinitionId)
    scope: namespace
    properties: {
      principalId: assignment.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the namespace.')
output name string = namespace.name

@description('Fully qualified namespace host name (<name>.servicebus.windows.net), for *__fullyQualifiedNamespace settings.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
