// Validates Kubernetes objects offline against the official OpenAPI schemas, as compiled into the npm packages
// kubernetes-models (core kinds), @kubernetes-models/prometheus-operator and @kubernetes-models/argo-cd: types,
// formats, enums and required fields. (Unknown fields are not reported by these schemas: the Java side checks them.)
//
// stdin:  JSON array of {"source": "<where the object comes from>", "object": {...}}
// stdout: JSON array of {"source", "apiVersion", "kind", "name", "message"}, one per object that fails.
const PACKAGES = [
  ["monitoring.coreos.com/", "@kubernetes-models/prometheus-operator/"],
  ["argoproj.io/", "@kubernetes-models/argo-cd/"],
];

function modulePath(apiVersion, kind) {
  const known = PACKAGES.find(([group]) => apiVersion.startsWith(group));
  return (known ? known[1] : "kubernetes-models/") + apiVersion + "/" + kind;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const problems = [];
for (const { source, object } of JSON.parse(await readStdin())) {
  const { apiVersion = "", kind = "" } = object;
  const name = object.metadata?.name ?? "";
  const report = (message) => problems.push({ source, apiVersion, kind, name, message });
  let Model;
  try {
    Model = (await import(modulePath(apiVersion, kind)))[kind];
  } catch (e) {
    Model = undefined;
  }
  if (typeof Model !== "function") {
    report(`no schema for apiVersion ${apiVersion}, kind ${kind} in the installed packages: a wrong apiVersion or kind, `
      + `or a kind that needs its package in deploy-validation/package.json`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    report(e.message);
  }
}
process.stdout.write(JSON.stringify(problems));
