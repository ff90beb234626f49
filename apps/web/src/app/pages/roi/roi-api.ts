import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { RoiForecast } from '@apex/contracts';
import { API_BASE } from '../../core/api-client';

/** The ROI calculator's one call: the forecast at the measured spend, or at the spend scaled by a what-if factor. */
@Injectable({ providedIn: 'root' })
export class RoiApi {
  private readonly http = inject(HttpClient);

  /** `spendScale` is decimal text ("2", "0.5"); null asks for the spend as measured. */
  forecast(spendScale: string | null): Observable<RoiForecast> {
    const query = spendScale === null ? '' : `?spendScale=${encodeURIComponent(spendScale)}`;
    return this.http.get<RoiForecast>(`${API_BASE}/roi${query}`);
  }
}
