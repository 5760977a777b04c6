// Evaluates every x-kubernetes-validations rule of the vendored CRDs on the objects of a kmetal
// output tree, as the API server would on create: each rule at the schema node that carries it,
// with `self` bound to the object's value there, only where that value is present. Transition
// rules (those that read `oldSelf`) apply to updates only and are skipped; a rule that errors
// counts as a failure, as it does in the API server. Integers are CEL ints (BigInt), other
// numbers doubles. The Kubernetes CEL library functions the CRDs use (isIP, isCIDR) are
// provided here; any other unknown function is an error, never a silent pass.
//
// usage: node cel_check.mjs TREE_DIR CRD_DIR
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import yaml from "js-yaml";
import { celEnv, celFunc, CelScalar, isCelError, parse, plan } from "@bufbuild/cel";

const [tree, crdDir] = process.argv.slice(2);
if (!tree || !crdDir) {
  console.error("usage: node cel_check.mjs TREE_DIR CRD_DIR");
  process.exit(2);
}

function isCidr(s) {
  const slash = s.indexOf("/");
  if (slash < 0) return false;
  const family = net.isIP(s.slice(0, slash));
  const prefix = s.slice(slash + 1);
  if (family === 0 || !/^[0-9]+$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const env = celEnv({
  funcs: [
    celFunc("isIP", [CelScalar.STRING], CelScalar.BOOL, (s) => net.isIP(s) !== 0),
    celFunc("isCIDR", [CelScalar.STRING], CelScalar.BOOL, isCidr),
  ],
});

const programs = new Map();  // rule text -> planned program
function program(rule) {
  if (!programs.has(rule)) programs.set(rule, plan(env, parse(rule)));
  return programs.get(rule);
}

function toCel(value) {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v);
    return out;
  }
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value;
}

// kind key "group/version/Kind" -> openAPIV3Schema
const schemas = new Map();
for (const file of fs.readdirSync(crdDir).sort()) {
  if (!file.endsWith(".yaml")) continue;
  const crd = yaml.load(fs.readFileSync(path.join(crdDir, file), "utf8"));
  for (const v of crd.spec.versions) {
    if (v.served === false) continue;
    schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
  }
}

const problems = [];
let evaluated = 0;
let transition = 0;
let objects = 0;

function check(schema, value, where, at) {
  if (schema === undefined || value === undefined || value === null) return;
  for (const v of schema["x-kubernetes-validations"] ?? []) {
    if (/\boldSelf\b/.test(v.rule)) {
      transition++;
      continue;
    }
    evaluated++;
    let result;
    try {
      result = program(v.rule)({ self: toCel(value) });
    } catch (e) {
      result = e;
    }
    if (isCelError(result) || result instanceof Error) {
      problems.push(`${where}: ${at || "/"}: rule \`${v.rule}\` failed to evaluate: ${result.message}`);
    } else if (result !== true) {
      problems.push(`${where}: ${at || "/"}: ${v.message ?? "rule failed"} (\`${v.rule}\`)`);
    }
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => check(schema.items, item, where, `${at}/${i}`));
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ??
          (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
      check(sub, v, where, `${at}/${k}`);
    }
  }
}

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
         a.name < b.name ? -1 : 1)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full);
    } else if (entry.name.endsWith(".yaml") && entry.name !== "kustomization.yaml") {
      const rel = path.relative(tree, full);
      for (const doc of yaml.loadAll(fs.readFileSync(full, "utf8"))) {
        const key = `${doc.apiVersion.includes("/") ? doc.apiVersion : "core/" + doc.apiVersion}/${doc.kind}`;
        const schema = schemas.get(key);
        if (schema === undefined) continue;  // core kinds: no CRD, no CEL rules
        objects++;
        check(schema, doc, `${rel} ${doc.kind} ${doc.metadata.name}`, "");
      }
    }
  }
}

walk(tree);
for (const p of problems) console.log(p);
console.log(`${evaluated} CEL rules evaluated on ${objects} objects (${transition} transition ` +
            `rules skipped), ${problems.length} problems`);
process.exit(problems.length > 0 ? 1 : 0);
