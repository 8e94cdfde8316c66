using System.Text.Json.Serialization;
using StatusBoard.Probes.Agent;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Common;

/// <summary>
/// The JSON shapes a remote agent reads and writes, generated at build time: the native agent (Native AOT) has no
/// reflection to learn them at run time. <see cref="Json.Options"/> resolves them here where reflection is off, with
/// the same options, so the native agent writes and reads them as the server does. The agent writes every field of
/// what it reads back (its own buffer), so a left-out init-only field (read as null here) never occurs.
/// </summary>
[JsonSerializable(typeof(ProbeDocument))]
[JsonSerializable(typeof(List<JsonElement>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ProbeResult))]
[JsonSerializable(typeof(ResultSummary))]
[JsonSerializable(typeof(AgentHeartbeat))]
[JsonSerializable(typeof(AgentDelivery))]
internal sealed partial class AgentJson : JsonSerializerContext;
