import type { NativeFormat } from '../native-format';
import { ociCostReportFormat } from './oci-cost-report.format';

export { ociCostReportFormat } from './oci-cost-report.format';
export { ociServiceCategory } from './oci-service-categories';

/** Oracle Cloud's native exports. */
export const OCI_FORMATS: NativeFormat[] = [ociCostReportFormat];
