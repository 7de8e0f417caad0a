// What the API tests read from the store directly, to check what a request did (or did not do).
export { listAudit } from '@oresight/store';
export { storeKinds } from '@oresight/store/testing';
