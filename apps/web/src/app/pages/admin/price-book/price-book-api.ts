import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { PriceBookDiff, PriceBookVersionDetail, PriceBookVersionView } from '@apex/contracts';
import { API_BASE } from '../../../core/api-client';

/** The two public price files, as their publishers ship them. */
export interface PriceFiles {
  litellm: string;
  genaiPrices: string;
}

const versions = `${API_BASE}/admin/price-book/versions`;

/** Calls of the operators' price-book page. */
@Injectable({ providedIn: 'root' })
export class PriceBookApi {
  private readonly http = inject(HttpClient);

  versions(): Observable<PriceBookVersionView[]> {
    return this.http.get<PriceBookVersionView[]>(versions);
  }

  detail(version: number): Observable<PriceBookVersionDetail> {
    return this.http.get<PriceBookVersionDetail>(`${versions}/${version}`);
  }

  diff(version: number): Observable<PriceBookDiff> {
    return this.http.get<PriceBookDiff>(`${versions}/${version}/diff`);
  }

  /** A new draft version from the two files; refused whole, naming entry and field, when either cannot be a price file. */
  importVersion(files: PriceFiles): Observable<PriceBookVersionDetail> {
    return this.http.post<PriceBookVersionDetail>(versions, files);
  }

  activate(version: number): Observable<PriceBookVersionDetail> {
    return this.http.post<PriceBookVersionDetail>(`${versions}/${version}/activate`, {});
  }
}
