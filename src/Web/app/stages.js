// Which stage of a plan a page proposes first (issue 17, item 8): shared by the nomination form and the reports pages.

/** The calendar year in Vietnam (UTC+7) at `instant`. */
export function vietnamYear(instant) {
  return new Date(instant.getTime() + 7 * 3600_000).getUTCFullYear();
}

/**
 * The stage a nomination made in `year` most likely belongs to: the review held that year (sơ kết 2023); inside the
 * period a yearly round where the plan has one; else the next review ahead; once the period is over, its last review
 * (tổng kết 2025) — never a review years away from now.
 */
export function defaultStageIndex(plan, year) {
  const stages = plan.stages;
  const thisYear = stages.findIndex((s) => s.year === year);
  if (thisYear >= 0) return thisYear;
  const annual = stages.findIndex((s) => !s.year);
  if (annual >= 0 && year >= plan.period.from && year <= plan.period.to) return annual;
  const ahead = stages.findIndex((s) => s.year && s.year > year);
  if (ahead >= 0) return ahead;
  const latest = stages.findLastIndex((s) => s.year);
  return latest >= 0 ? latest : stages.length - 1;
}
