// Static Web App serving the front end (src/Web) and the dashboards viewer (dashboards/). The API stays on
// the function app; the browser calls it cross-origin with an Entra token, so this origin goes into the
// app's CORS allow-list and the data account's blob CORS rule (direct uploads with a short-lived SAS).

@description('Name of the static web app.')
param name string

@description('Region of the static web app (only some regions host Static Web Apps).')
param location string

@description('Tags applied to the static web app.')
param tags object

@description('Plan: Free costs nothing; Standard adds custom auth, SLA and private endpoints.')
@allowed([
  'Free'
  'Standard'
])
param sku string

resource site 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    allowConfigFileUpdates: true
  }
}

@description('Name of the static web app.')
output name string = site.name

@description('Origin of the static web app (https://<host>), for CORS allow-lists and the SPA redirect URI.')
output origin string = 'https://${site.properties.defaultHostname}'
