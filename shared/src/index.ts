export * from './users.js';
export * from './tickets.js';
export * from './messages.js';
export * from './contacts.js';
export * from './api.js';
export * from './public-inquiries.js';
export * from './realtime.js';
export * from './metrics.js';
