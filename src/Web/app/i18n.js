// Language and formatting. Vietnamese first; English on request (the choice is remembered in
// localStorage — a preference, not a token). Numbers and dates always follow the chosen language's
// conventions through Intl: vi-VN gives 1.234,5 and dd/MM/yyyy.

const LANG_KEY = "nolb.lang";
const listeners = new Set();
const dictionaries = { vi: {}, en: {} };

/** Adds messages: { key: [vi, en] }. Pages call this with their own texts. */
export function addMessages(messages) {
  for (const [key, [vi, en]] of Object.entries(messages)) {
    dictionaries.vi[key] = vi;
    dictionaries.en[key] = en ?? vi;
  }
}

// Read once, on first use (localStorage is synchronous and slow when called for every formatted number);
// setLang updates it. A frame refused storage gets Vietnamese.
let current = null;

export function lang() {
  if (current === null) {
    try {
      current = globalThis.localStorage?.getItem(LANG_KEY) === "en" ? "en" : "vi";
    } catch {
      current = "vi";
    }
  }
  return current;
}

export function locale() {
  return lang() === "en" ? "en-GB" : "vi-VN";
}

export function setLang(value) {
  current = value === "en" ? "en" : "vi";
  localStorage.setItem(LANG_KEY, current);
  applyTranslations();
  for (const listener of listeners) listener(lang());
}

export function onLangChange(listener) {
  listeners.add(listener);
}

/** The message for key in the current language, with {name} placeholders filled. */
export function t(key, values = {}) {
  const text = dictionaries[lang()][key] ?? dictionaries.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

/** A message in both languages: { vi, en } (for messages built from words, e.g. readWholeNumber's). */
export function tBoth(key, values = {}) {
  const fill = (text) => (text ?? key).replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
  return { vi: fill(dictionaries.vi[key]), en: fill(dictionaries.en[key] ?? dictionaries.vi[key]) };
}

/** Whether a message key is known. */
export function hasMessage(key) {
  return key in dictionaries.vi;
}

/** Fills every [data-i18n] element's text and [data-i18n-attr="attr:key;attr:key"] attributes. */
export function applyTranslations(root = document) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

const numberFormats = new Map();
function numberFormat(options) {
  const key = `${locale()}|${options.maximumFractionDigits}|${options.minimumFractionDigits}`;
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(locale(), options));
  return numberFormats.get(key);
}

/** 1234.5 → "1.234,5" (vi) / "1,234.5" (en). */
export function formatNumber(value, maximumFractionDigits = 2, minimumFractionDigits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  return numberFormat({ maximumFractionDigits, minimumFractionDigits }).format(Number(value));
}

/** A percentage given in percent units: 12.3456 → "12,35 %". */
export function formatPercent(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  return `${formatNumber(value, digits, digits)} %`;
}

/** Percentage points: 1.65 → "1,65 điểm %" / "1.65 pts". */
export function formatPoints(value, digits = 2) {
  if (value === null || value === undefined) return "–";
  return `${formatNumber(value, digits, digits)} ${lang() === "en" ? "pts" : "điểm %"}`;
}

/**
 * "2025-11-30" or a Date → "30/11/2025" (both languages: the Vietnamese order is what users expect). Built by hand,
 * not by Intl, so that no browser's locale data can turn it round.
 */
export function formatDate(value) {
  if (!value) return "–";
  const date = value instanceof Date ? value : new Date(`${value}T00:00:00`);
  if (Number.isNaN(date.getTime())) return String(value);
  const two = (n) => String(n).padStart(2, "0");
  return `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()}`;
}

/** A day of every year as plans store it, "11-10" (MM-dd) → "10/11" (never "11-10", which reads as 11 October). */
export function formatDayMonth(value) {
  const match = /^(\d{2})-(\d{2})$/.exec(String(value ?? ""));
  return match ? `${match[2]}/${match[1]}` : String(value ?? "–");
}

/** An instant (ISO text or Date) → "30/11/2023 14:05" in Vietnam's time (Asia/Ho_Chi_Minh), whatever the browser's zone. */
export function formatDateTime(value) {
  if (!value) return "–";
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * Reads a whole number as people type it (issue 17, item 7): plainly ("1234"), grouped the Vietnamese way
 * ("1.234", "1 234") or the English way ("1,234"). A count of households is whole, so "1,530" can only be
 * 1.530 households and "1.530" likewise; a decimal ("1.234,5", "1,234.5", "2,5") is refused, saying which number
 * it reads as. Returns { value } (a number), null for an empty field, or { error: { vi, en } }.
 */
export function readWholeNumber(text, { what = { vi: "Giá trị này", en: "This value" } } = {}) {
  const trimmed = String(text ?? "").trim().replace(/\u2212/g, "-");
  if (trimmed === "") return null;
  const quoted = { vi: `\u201c${trimmed}\u201d`, en: `\u201c${trimmed}\u201d` };
  const unsigned = trimmed.replace(/^[-+]/, "");
  const negative = trimmed.startsWith("-");
  const whole = (digits) => {
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) return { error: { vi: `${quoted.vi} quá lớn.`, en: `${quoted.en} is too large.` } };
    if (negative && value !== 0) return { error: { vi: `${what.vi} không được âm (${quoted.vi}).`, en: `${what.en} must not be negative (${quoted.en}).` } };
    return { value };
  };
  if (/^\d+$/.test(unsigned)) return whole(unsigned);
  // Grouped by thousands: dots or spaces (Vietnamese), commas (English). Either way the only whole reading.
  if (/^\d{1,3}([.\s\u00a0\u202f]\d{3})+$/.test(unsigned) || /^\d{1,3}(,\d{3})+$/.test(unsigned)) return whole(unsigned.replace(/[.,\s\u00a0\u202f]/g, ""));
  // A decimal, Vietnamese ("1.234,5", "2,5") or English ("1,234.5", "2.5"): say which number it reads as.
  const vi = /^(\d{1,3}(?:\.\d{3})+|\d+),(\d+)$/.exec(unsigned);
  const en = /^(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)$/.exec(unsigned);
  const decimal = vi ? Number(`${vi[1].replace(/\./g, "")}.${vi[2]}`) : en ? Number(`${en[1].replace(/,/g, "")}.${en[2]}`) : null;
  if (decimal !== null) {
    const fraction = (vi ?? en)[2].length;
    const shown = (loc) => `${negative ? "-" : ""}${new Intl.NumberFormat(loc, { maximumFractionDigits: fraction, minimumFractionDigits: fraction }).format(decimal)}`;
    return {
      error: {
        vi: `${quoted.vi} là số thập phân ${shown("vi-VN")}; ${what.vi.charAt(0).toLowerCase()}${what.vi.slice(1)} phải là số nguyên, ví dụ 1.234 hoặc 1234.`,
        en: `${quoted.en} is the decimal ${shown("en-GB")}; ${what.en.charAt(0).toLowerCase()}${what.en.slice(1)} must be a whole number, e.g. 1,234 or 1234.`,
      },
    };
  }
  return {
    error: {
      vi: `${quoted.vi} không phải là số. Nhập số nguyên, ví dụ 1.234 hoặc 1234.`,
      en: `${quoted.en} is not a number. Type a whole number, e.g. 1,234 or 1234.`,
    },
  };
}

/**
 * The whole number typed, for computing and sending: a number, null for an empty field, or the trimmed text when
 * it is not a whole number (see readWholeNumber for the message).
 */
export function parseWholeNumber(text) {
  const read = readWholeNumber(text);
  if (read === null) return null;
  return read.error ? String(text ?? "").trim() : read.value;
}

// The words of the evaluation contract (verdicts, criterion statuses and kinds) and the plans' stage kinds,
// shared by every page that shows them.
addMessages({
  "verdict.eligible": ["Đủ điều kiện", "Eligible"],
  "verdict.not-eligible": ["Không đủ điều kiện", "Not eligible"],
  "verdict.needs-review": ["Chờ thẩm định", "Needs review"],
  "verdict.incomplete": ["Chưa đủ số liệu", "Incomplete"],
  "status.met": ["Đạt", "Met"],
  "status.not-met": ["Không đạt", "Not met"],
  "status.needs-review": ["Cần thẩm định", "Needs review"],
  "status.insufficient-data": ["Thiếu số liệu", "Insufficient data"],
  "criterion.kind.numeric": ["định lượng", "numeric"],
  "criterion.kind.judgement": ["định tính", "judgement"],
  // Stage kinds of the plans (GET /api/plans/{id}: stages[].kind), shown by the form, dossier lists and dashboards.
  "stage.launch": ["Phát động", "Launch"],
  "stage.annual": ["Hằng năm", "Annual"],
  "stage.mid-term": ["Sơ kết", "Mid-term review"],
  "stage.final": ["Tổng kết", "Final review"],
});
