// Converts capsandbox's OpenAPI document to a Postman collection with
// Postman's own converter (openapi-to-postmanv2's convertV2, installed by
// scripts/client-checks.sh), with the import setting "Parameter
// generation: Example", and prints the customer/add request it builds as
// a curl command line: the method, URL with every query parameter,
// every header and the body exactly as Postman would send them, plus the
// Basic auth a Postman user sets (till1 / md5("123")).
//
//   node postman.cjs openapi.json BASE_URL
const fs = require("fs");
const Converter = require("openapi-to-postmanv2");

const [doc, base] = process.argv.slice(2);
const options = { parametersResolution: "Example" };
Converter.convertV2({ type: "string", data: fs.readFileSync(doc, "utf8") }, options, (err, res) => {
  if (err || !res.result) {
    console.error("conversion failed:", err || res.reason);
    process.exit(1);
  }
  const add = find(res.output[0].data.item);
  if (!add) {
    console.error("no POST customer/add request in the collection");
    process.exit(1);
  }
  const r = add.request;
  const query = (r.url.query || []).filter((q) => !q.disabled).map((q) => `${encodeURIComponent(q.key)}=${encodeURIComponent(q.value)}`);
  const url = `${base}/${r.url.path.join("/")}${query.length ? "?" + query.join("&") : ""}`;
  const args = ["curl", "-sS", "-X", r.method, "-u", "till1:202cb962ac59075b964b07152d234b70"];
  for (const h of r.header || []) if (!h.disabled) args.push("-H", `${h.key}: ${h.value}`);
  args.push("--data-binary", r.body.raw, url);
  console.log(args.map((a) => "'" + a.replace(/'/g, "'\\''") + "'").join(" "));
});

function find(items) {
  for (const it of items) {
    if (it.item) {
      const r = find(it.item);
      if (r) return r;
    } else if (it.request.method === "POST" && it.request.url.path.join("/") === "v1.1/customer/add") {
      return it;
    }
  }
  return null;
}
