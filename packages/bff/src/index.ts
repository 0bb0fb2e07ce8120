export { safeReturnTo } from './return-to.js';
