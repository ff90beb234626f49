export * from './cloud-agent';
export { IDLE_DAYS } from './idle-resource';
