import type { ModelPrice, ModelResolution, PriceRule } from '@apex/contracts';
import { nameCandidates } from './model-names';

/** One price-book version in memory: a few thousand entries, looked up by provider, model, alias and day. */
export class PriceBookSnapshot {
  private readonly byModel = new Map<string, ModelPrice[]>();
  private readonly byAlias = new Map<string, { provider: string; model: string }>();
  private readonly byBareModel = new Map<string, Array<{ provider: string; model: string }>>();

  constructor(
    readonly version: number,
    private readonly all: ModelPrice[],
    private readonly ruleList: PriceRule[],
  ) {
    for (const entry of all) {
      const key = `${entry.provider}\u0000${entry.model}`;
      this.byModel.set(key, [...(this.byModel.get(key) ?? []), entry]);
      for (const alias of entry.aliases) this.byAlias.set(`${entry.provider}\u0000${alias}`, entry);
      const bare = this.byBareModel.get(entry.model) ?? [];
      if (!bare.some((b) => b.provider === entry.provider)) bare.push(entry);
      this.byBareModel.set(entry.model, bare);
    }
  }

  entries(): ModelPrice[] {
    return this.all;
  }

  rules(): PriceRule[] {
    return this.ruleList;
  }

  /** The entry in force on charge day `day` (YYYY-MM-DD). */
  priceAt(provider: string, model: string, day: string): ModelPrice | null {
    const periods = this.byModel.get(`${provider}\u0000${model}`);
    return periods?.find((p) => (p.effectiveFrom === null || p.effectiveFrom <= day) && (p.effectiveTo === null || day < p.effectiveTo)) ?? null;
  }

  /** The entry a model name of cost rows names, by the first rule that finds one (see model-names.ts). */
  resolve(raw: string, providerName: string | null): ModelResolution {
    for (const candidate of nameCandidates(raw, providerName)) {
      const found = this.lookup(candidate.provider, candidate.model);
      if (found) return { resolved: true, provider: found.provider, model: found.model, rule: candidate.rule };
    }
    return { resolved: false, reason: `No price-book entry is named "${raw}"${providerName ? ` for ${providerName}` : ''}, by exact name, alias, provider prefix, Bedrock id or dated snapshot.` };
  }

  private lookup(provider: string | null, model: string): { provider: string; model: string } | null {
    if (provider !== null) {
      if (this.byModel.has(`${provider}\u0000${model}`)) return { provider, model };
      return this.byAlias.get(`${provider}\u0000${model}`) ?? null;
    }
    // Without a provider a name resolves only where exactly one provider has it.
    const bare = this.byBareModel.get(model);
    return bare?.length === 1 ? bare[0] : null;
  }
}
