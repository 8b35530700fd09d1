// Reading what an exported PNG says about itself (dashboards/viewer/dom.js downloadPng writes iTXt chunks).

/** The iTXt/tEXt chunks of a PNG file: { keyword: text }. */
export function pngText(bytes) {
  const out = {};
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === "iTXt" || type === "tEXt") {
      const zero = data.indexOf(0);
      const keyword = data.toString("latin1", 0, zero);
      if (type === "tEXt") out[keyword] = data.toString("latin1", zero + 1);
      else {
        let p = zero + 3; // compression flag and method
        p = data.indexOf(0, p) + 1; // language tag
        p = data.indexOf(0, p) + 1; // translated keyword
        out[keyword] = data.toString("utf8", p);
      }
    }
    at += 12 + length;
  }
  return out;
}
