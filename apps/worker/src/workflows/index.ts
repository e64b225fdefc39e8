export { CustomerLoyaltyWorkflow } from './customer-loyalty.js';
