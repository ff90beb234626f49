/**
 * OCI cost reports' product/service codes as FOCUS ServiceCategory. The FinOps Foundation's converter rules
 * leave ServiceCategory undefined for OCI, and FOCUS requires one: this is Apex's table of the services it has
 * seen named, matched without regard to case, spaces or underscores. Any other service is "Other".
 */
const CATEGORIES: Readonly<Record<string, string>> = {
  compute: 'Compute',
  functions: 'Compute',
  containerengine: 'Compute',
  blockstorage: 'Storage',
  objectstore: 'Storage',
  filestorage: 'Storage',
  network: 'Networking',
  loadbalancer: 'Networking',
  apigateway: 'Networking',
  dns: 'Networking',
  database: 'Databases',
  autonomousdatabase: 'Databases',
  mysql: 'Databases',
  telemetry: 'Management and Governance',
  logging: 'Management and Governance',
  monitoring: 'Management and Governance',
  vault: 'Security',
  keymanagement: 'Security',
  generativeai: 'AI and Machine Learning',
  generativeaiagents: 'AI and Machine Learning',
  datascience: 'AI and Machine Learning',
  aiservices: 'AI and Machine Learning',
};

export function ociServiceCategory(service: string): string {
  return CATEGORIES[service.toLowerCase().replace(/[\s_-]+/g, '')] ?? 'Other';
}
