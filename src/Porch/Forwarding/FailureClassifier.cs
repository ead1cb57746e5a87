using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Porch.Forwarding;

/// <summary>Turns what went wrong sending a request upstream into a <see cref="ForwardingFailure"/>.</summary>
internal static class FailureClassifier
{
    /// <summary>Classifies a failure of <c>SendAsync</c>; the request body and deadline say whether the client caused it.</summary>
    public static ForwardingFailure Classify(Exception exception, StreamingRequestContent? body, ForwardingDeadline deadline)
    {
        // Kestrel reports every malformed chunked body as a BadHttpRequestException except a chunk size that overflows,
        // which comes as an IOException around the OverflowException. It is the client's framing error all the same
        // (RFC 9112 §7.1), to be answered 400, not taken for a client that left.
        if (body?.ClientError is IOException { InnerException: OverflowException } overflow)
        {
            return new(ForwarderError.RequestBodyRejected, overflow.Message, StatusCodes.Status400BadRequest);
        }

        if (deadline.ClientAborted)
        {
            return Of(ForwarderError.ClientAborted, "the client went away");
        }

        if (body?.ClientError is { } clientError)
        {
            return clientError is BadHttpRequestException bad
                ? new(ForwarderError.RequestBodyRejected, bad.Message, bad.StatusCode)
                : Of(ForwarderError.ClientAborted, "the client stopped sending its body");
        }

        if (deadline.TimedOut)
        {
            return Of(ForwarderError.UpstreamResponseTimeout, $"no response within {deadline.Limit.TotalSeconds:0.###}s");
        }

        if (exception is OperationCanceledException)
        {
            // Only SocketsHttpHandler's own ConnectTimeout cancels without our token being cancelled.
            return Of(ForwarderError.UpstreamConnectTimeout, "connect timed out");
        }

        if (exception is not HttpRequestException request)
        {
            return Of(ForwarderError.UpstreamInvalidResponse, exception.Message);
        }

        var socket = FindSocketError(exception);
        var (error, reason) = request.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => (ForwarderError.UpstreamNameNotResolved, "host name not found"),
            HttpRequestError.ConnectionError when socket == SocketError.ConnectionRefused =>
                (ForwarderError.UpstreamRefused, "connection refused"),
            // A connect callback (the relay's tunnel streams) says itself why there is no connection.
            HttpRequestError.ConnectionError when socket is null => (ForwarderError.UpstreamUnreachable, Innermost(request).Message),
            HttpRequestError.ConnectionError => (ForwarderError.UpstreamUnreachable, Describe(socket)),
            HttpRequestError.SecureConnectionError => (ForwarderError.UpstreamTlsFailed, "TLS handshake failed"),
            HttpRequestError.ResponseEnded => (ForwarderError.UpstreamClosed, "connection closed before a response"),
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError
                or HttpRequestError.ConfigurationLimitExceeded => (ForwarderError.UpstreamInvalidResponse, "invalid response"),
            _ when socket is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown =>
                (ForwarderError.UpstreamClosed, "connection reset"),
            _ => (ForwarderError.UpstreamClosed, request.Message),
        };
        return Of(error, reason);
    }

    public static ForwardingFailure Of(ForwarderError error, string reason) => new(error, reason, StatusCode(error));

    private static int StatusCode(ForwarderError error) => error switch
    {
        ForwarderError.UpstreamConnectTimeout or ForwarderError.UpstreamResponseTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status502BadGateway,
    };

    private static string Describe(SocketError? error) => error switch
    {
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
        SocketError.ConnectionReset => "connection reset",
        SocketError.TimedOut => "connect timed out",
        SocketError.AddressNotAvailable => "address not available",
        { } other => other.ToString(),
        null => "connection failed",
    };

    private static HttpRequestException Innermost(HttpRequestException exception)
    {
        var innermost = exception;
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException inner)
            {
                innermost = inner;
            }
        }

        return innermost;
    }

    private static SocketError? FindSocketError(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
