import type { Benchmark } from '../api'

/**
 * The 能效标杆/基准水平 that apply to a product indicator in a report year: the newest edition
 * not after the year (the oldest when the year predates them all), and only when its unit is
 * the indicator's unit. The same choice the checks PR005 and PR006 make in the Rust core.
 */
export function benchmarkFor(all: Benchmark[], key: string, unit: string, year: number): Benchmark | null {
  const k = key.trim()
  if (!k) return null
  const editions = all.filter((b) => b.key === k)
  const applicable = editions.filter((b) => b.edition <= year)
  const pick = (xs: Benchmark[], better: (a: Benchmark, b: Benchmark) => boolean) =>
    xs.reduce<Benchmark | null>((best, b) => (best === null || better(b, best) ? b : best), null)
  const b = applicable.length > 0 ? pick(applicable, (a, x) => a.edition > x.edition) : pick(editions, (a, x) => a.edition < x.edition)
  return b && b.unit === unit.trim() ? b : null
}
