// Drives supa-dokploy's MCP server with the official TypeScript SDK client, as an agent's host would.
// Usage: node official-client.mjs <spec.json>
//   spec: {"command": "...", "args": [...], "env": {...}, "calls": [{"label": "...", "name": "<tool>", "arguments": {...}}]}
// Prints one JSON object: {"tools": <tools/list result>, "calls": [{"label", "name", "outcome", "result" | "error"}]}.
// outcome "result": the client accepted the CallToolResult (structuredContent, when present, matched the tool's
// outputSchema); outcome "thrown": the client threw (error: {code, message}) — e.g. -32602 "Structured content does
// not match the tool's output schema". Nothing is hidden: the Java test decides what each outcome means.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const transport = new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, stderr: "inherit" });
const client = new Client({ name: "supa-dokploy-official-client-test", version: "1.0.0" });
await client.connect(transport);
// listTools also hands the client every tool's outputSchema, against which callTool validates structuredContent.
const tools = await client.listTools();
const calls = [];
for (const call of spec.calls) {
  try {
    const result = await client.callTool({ name: call.name, arguments: call.arguments }, undefined, { timeout: 120000 });
    calls.push({ label: call.label, name: call.name, outcome: "result", result });
  } catch (e) {
    calls.push({ label: call.label, name: call.name, outcome: "thrown", error: { code: e.code ?? null, message: String(e.message ?? e) } });
  }
}
await client.close();
process.stdout.write(JSON.stringify({ tools, calls }) + "\n");
