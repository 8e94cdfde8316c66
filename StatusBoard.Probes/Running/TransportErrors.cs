using System.Net.Sockets;
using System.Security.Authentication;
using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Running;

/// <summary>What a failed connection or exchange was, from the exception it ended in: the same words for every kind.</summary>
public static class TransportErrors
{
    public static (TransportFailure Kind, string Detail) Describe(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedDestinationException blocked:
                    return (TransportFailure.Blocked, blocked.Message);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } dns:
                    return (TransportFailure.Dns, dns.Message);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused } refused:
                    return (TransportFailure.ConnectionRefused, refused.Message);
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown } reset:
                    return (TransportFailure.ConnectionReset, reset.Message);
                case SocketException { SocketErrorCode: SocketError.TimedOut } timedOut:
                    return (TransportFailure.Timeout, timedOut.Message);
                case AuthenticationException tls:
                    return (TransportFailure.Tls, tls.Message);
            }
        }

        if (exception is HttpRequestException http)
        {
            return http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => (TransportFailure.Dns, http.Message),
                HttpRequestError.SecureConnectionError => (TransportFailure.Tls, http.Message),
                HttpRequestError.ConnectionError => (TransportFailure.ConnectionRefused, http.Message),
                HttpRequestError.ResponseEnded => (TransportFailure.ConnectionReset, http.Message),
                _ => (TransportFailure.Protocol, http.Message),
            };
        }

        return (TransportFailure.ConnectionReset, exception.Message);
    }
}
