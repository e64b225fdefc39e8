export { CustomerLoyaltyWorkflow } from './customer-loyalty.js';
export { WebhookDeliveryWorkflow } from './webhook-delivery.js';
export { WebhookEndpointRegistryWorkflow } from './webhook-endpoints.js';
