using System.Buffers.Binary;
using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Kinds.Grpc;

/// <summary>
/// The few bytes of gRPC a health check needs, written out rather than generated: a length-prefixed message on HTTP/2,
/// <c>HealthCheckRequest { string service = 1; }</c> and <c>HealthCheckResponse { ServingStatus status = 1; }</c>
/// (grpc/health/v1/health.proto), and what each status code means for a payment platform.
/// </summary>
public static class GrpcWire
{
    /// <summary>The status codes of grpc/status.proto, by number.</summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>HealthCheckResponse.ServingStatus, by number.</summary>
    public static readonly IReadOnlyList<string> ServingStatuses = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

    /// <summary>
    /// What a failed check means: a server that answers but is not serving, or says it is unavailable, is the server;
    /// a deadline is the network (a connection that fails never gets here: it is the network by its transport failure);
    /// refused credentials and quotas are security; a method the server does not have is a version; a service it does
    /// not know, or a request it calls wrong, is the probe's input.
    /// </summary>
    public static FailureCategory? CategoryOf(string status) => status switch
    {
        "SERVING" => null,
        "DEADLINE_EXCEEDED" => FailureCategory.Network,
        "UNAUTHENTICATED" or "PERMISSION_DENIED" or "RESOURCE_EXHAUSTED" => FailureCategory.Security,
        "UNIMPLEMENTED" => FailureCategory.Version,
        "NOT_FOUND" or "INVALID_ARGUMENT" or "FAILED_PRECONDITION" or "OUT_OF_RANGE" or "ALREADY_EXISTS" => FailureCategory.Input,
        _ => FailureCategory.Server,
    };

    /// <summary>The gRPC code an HTTP status stands for when no gRPC status came back (a proxy answered), per the gRPC spec.</summary>
    public static string CodeOfHttpStatus(int status) => status switch
    {
        400 => "INTERNAL",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "UNIMPLEMENTED",
        429 or 502 or 503 or 504 => "UNAVAILABLE",
        _ => "UNKNOWN",
    };

    /// <summary>The framed HealthCheckRequest for <paramref name="service"/> ("" asks about the whole server).</summary>
    public static byte[] Request(string service)
    {
        var name = Encoding.UTF8.GetBytes(service);
        var message = new List<byte>();
        if (name.Length > 0)
        {
            message.Add(0x0A); // field 1, length-delimited
            WriteVarint(message, (ulong)name.Length);
            message.AddRange(name);
        }

        var frame = new byte[5 + message.Count];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Count);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The serving status in a framed HealthCheckResponse; null when the bytes are not one.</summary>
    public static string? ServingStatus(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 5 || frame[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(frame[1..]) is var length && length != frame.Length - 5)
        {
            return null;
        }

        var message = frame[5..];
        ulong status = 0; // proto3 leaves a zero out: an empty message is UNKNOWN
        while (!message.IsEmpty)
        {
            if (!TryReadVarint(ref message, out var tag))
            {
                return null;
            }

            switch (tag & 7)
            {
                case 0 when TryReadVarint(ref message, out var value):
                    status = tag >> 3 == 1 ? value : status;
                    break;
                case 2 when TryReadVarint(ref message, out var size) && size <= (ulong)message.Length:
                    message = message[(int)size..];
                    break;
                default:
                    return null;
            }
        }

        return status < (ulong)ServingStatuses.Count ? ServingStatuses[(int)status] : $"STATUS_{status}";
    }

    private static void WriteVarint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> bytes, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && !bytes.IsEmpty; shift += 7)
        {
            var b = bytes[0];
            bytes = bytes[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
