// Drives supa-dokploy's MCP server with the official TypeScript SDK v2 client (@modelcontextprotocol/client), which
// speaks MCP 2026-07-28 (stateless: server/discover, per-request _meta) and falls back to initialize for older servers.
// Usage: node sdk-v2-client.mjs <spec.json>
//   spec: {"command", "args", "env", "negotiation": "auto" | "legacy" | "<revision to pin>", "calls": [{"label", "name", "arguments"}]}
// Prints one JSON object: {"version": <negotiated revision>, "era": "modern" | "legacy", "tools": <tools/list result>,
// "calls": [{"label", "name", "outcome", "result" | "error"}]}, outcomes as official-client.mjs gives them.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const mode = spec.negotiation === "auto" || spec.negotiation === "legacy" ? spec.negotiation : { pin: spec.negotiation };
const transport = new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, stderr: "inherit" });
const client = new Client({ name: "supa-dokploy-sdk-v2-client-test", version: "1.0.0" }, { versionNegotiation: { mode } });
await client.connect(transport);
const tools = await client.listTools();
const calls = [];
for (const call of spec.calls) {
  try {
    const result = await client.callTool({ name: call.name, arguments: call.arguments }, { timeout: 120000 });
    calls.push({ label: call.label, name: call.name, outcome: "result", result });
  } catch (e) {
    calls.push({ label: call.label, name: call.name, outcome: "thrown", error: { code: e.code ?? null, message: String(e.message ?? e) } });
  }
}
const version = client.getNegotiatedProtocolVersion();
const era = client.getProtocolEra();
await client.close();
process.stdout.write(JSON.stringify({ version, era, tools, calls }) + "\n");
