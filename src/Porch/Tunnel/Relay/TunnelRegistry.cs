using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay's live tunnels by name and by session id. Registration applies the rules in one lock: a name live under
/// another token, or reserved to one, is refused (409); a token at its limit is refused (429); the same token asking
/// for a live name takes it over, and the old session is told it was replaced, so a client reconnecting after a
/// network loss does not wait for its dead session to time out.
/// </summary>
internal sealed class TunnelRegistry(RelaySettings settings, INameReservations reservations, TimeProvider time) : ITunnelDirectory
{
    /// <summary>Random names tried before giving up (a collision among 2^40 names is already unlikely).</summary>
    private const int RandomNameAttempts = 8;

    private readonly Lock gate = new();
    private readonly Dictionary<string, TunnelSession> byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TunnelSession> byId = new(StringComparer.Ordinal);
    private readonly TcpTunnels tcp = new(settings);
    private ILogger logger = NullLogger.Instance;
    private bool stopped;

    public event Action<string>? TunnelOnline;

    public event Action<string>? TunnelOffline;

    /// <summary>Updated by <see cref="Start"/> once the listener is bound, so welcomes carry the real port.</summary>
    public RelaySettings Settings { get; private set; } = settings;

    public string Domain => Settings.Domain;

    public ILoggerFactory LoggerFactory { get; private set; } = NullLoggerFactory.Instance;

    public TimeProvider Time => time;

    /// <summary>
    /// Called once the server listens, before the first tunnel: the registry exists earlier because the certificate
    /// sources (compiled with the configuration) ask it which names are live.
    /// </summary>
    public void Start(int publicPort, ILoggerFactory loggerFactory)
    {
        Settings = Settings with { PublicPort = publicPort };
        LoggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger("Porch.Tunnel.Relay");
    }

    public bool IsLive(string hostName)
    {
        if (string.Equals(hostName, Domain, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return NameOf(hostName) is { } name && Find(name) is not null;
    }

    /// <summary>The tunnel name in NAME.DOMAIN (one label, lower case), or null for any other host.</summary>
    public string? NameOf(string hostName)
    {
        var suffix = "." + Domain;
        if (hostName.Length <= suffix.Length || !hostName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = hostName[..^suffix.Length].ToLowerInvariant();
        return name.Contains('.', StringComparison.Ordinal) ? null : name;
    }

    public TunnelSession? Find(string name)
    {
        lock (gate)
        {
            return byName.GetValueOrDefault(name);
        }
    }

    public TunnelSession? FindSession(string id) => byId.GetValueOrDefault(id);

    public IReadOnlyList<TunnelInfo> Snapshot()
    {
        lock (gate)
        {
            return [.. byName.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Info())];
        }
    }

    public Registration Register(TunnelHello hello, string tokenName, string clientAddress, string transport)
    {
        TunnelSession? replaced = null;
        TunnelSession session;
        lock (gate)
        {
            if (stopped)
            {
                return Registration.Refused(StatusCodes.Status503ServiceUnavailable, TunnelErrorCode.Unavailable, "the relay is shutting down; try again in a moment");
            }

            if (hello.Tcp && TcpAccess.Refusal(hello, Settings) is { } tcpRefusal)
            {
                return tcpRefusal;
            }

            var name = hello.Name;
            TunnelSession? live = null;
            if (!hello.Random && byName.TryGetValue(name, out live) && live.TokenName != tokenName)
            {
                return Registration.Refused(StatusCodes.Status409Conflict, TunnelErrorCode.NameTaken,
                    $"the name \"{name}\" is in use by another token; pick another with --name");
            }

            var held = byName.Values.Count(s => s.TokenName == tokenName && (hello.Random || s.Name != name));
            if (held >= Settings.MaxTunnelsPerToken)
            {
                return Registration.Refused(StatusCodes.Status429TooManyRequests, TunnelErrorCode.TooManyTunnels,
                    $"token \"{tokenName}\" already has {held} tunnel(s) open, the most this relay allows; close one first");
            }

            if (hello.Tcp && !tcp.HasRoomFor(name))
            {
                return Registration.Refused(StatusCodes.Status503ServiceUnavailable, TunnelErrorCode.Unavailable, tcp.Exhausted);
            }

            if (hello.Random)
            {
                name = FreeRandomName(name, tokenName);
                if (name is null)
                {
                    return Registration.Refused(StatusCodes.Status503ServiceUnavailable, TunnelErrorCode.Unavailable, "no free random name was found; try again");
                }
            }
            else if (!reservations.TryReserve(name, tokenName, out _))
            {
                // Which token owns it is the relay operator's business, not the client's.
                return Registration.Refused(StatusCodes.Status409Conflict, TunnelErrorCode.NameTaken,
                    $"the name \"{name}\" is reserved to another token; pick another with --name");
            }

            int? tcpPort = null;
            if (hello.Tcp && (tcpPort = tcp.Open(name, this)) is null)
            {
                return Registration.Refused(StatusCodes.Status503ServiceUnavailable, TunnelErrorCode.Unavailable, tcp.Exhausted);
            }

            session = new TunnelSession(hello with { Name = name }, tokenName, clientAddress, transport, Settings, LoggerFactory, time) { TcpPort = tcpPort };
            replaced = live;
            byName[name] = session;
            byId[session.Id] = session;
            if (!hello.Tcp)
            {
                // A takeover that no longer asks for TCP: the port of the session it replaces closes.
                tcp.Close(name, logger);
            }
        }

        if (replaced is not null)
        {
            replaced.Close(ClosingReason.Replaced, $"another client with the same token connected as \"{session.Name}\"");
        }
        else
        {
            TunnelOnline?.Invoke(session.HostName);
        }

        RelayLog.TunnelOpened(logger, session.Name, tokenName, clientAddress, hello.Target);
        return new Registration(session, StatusCodes.Status200OK, null);
    }

    /// <summary>Forgets a session that ended (unless a takeover already replaced it under its name).</summary>
    public void Unregister(TunnelSession session)
    {
        bool offline;
        lock (gate)
        {
            byId.TryRemove(session.Id, out _);
            offline = byName.TryGetValue(session.Name, out var current) && current == session && byName.Remove(session.Name);
        }

        if (offline)
        {
            tcp.Close(session.Name, logger);
            TunnelOffline?.Invoke(session.HostName);
        }
    }

    public int CloseToken(string tokenName, string reason)
    {
        List<TunnelSession> sessions;
        lock (gate)
        {
            sessions = [.. byName.Values.Where(s => s.TokenName == tokenName)];
        }

        foreach (var session in sessions)
        {
            session.Close(reason, reason == ClosingReason.Revoked ? $"token \"{tokenName}\" was revoked" : reason);
        }

        return sessions.Count;
    }

    /// <summary>Refuses new tunnels and closes the live ones, telling their clients to come back later.</summary>
    public void Shutdown()
    {
        List<TunnelSession> sessions;
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            sessions = [.. byName.Values];
        }

        RelayLog.ShuttingDown(logger, sessions.Count);
        foreach (var session in sessions)
        {
            session.Close(ClosingReason.Shutdown, "the relay is shutting down");
        }

        tcp.CloseAll(logger);
    }

    /// <summary>
    /// The first name neither live nor reserved to another token: <paramref name="first"/>, then fresh random ones. It
    /// is not reserved: a random name is the tunnel's only while it is online (a reconnecting client gets a new one).
    /// </summary>
    private string? FreeRandomName(string first, string tokenName)
    {
        for (var i = 0; i < RandomNameAttempts; i++)
        {
            var name = i == 0 ? first : TunnelName.Random();
            if (!byName.ContainsKey(name) && reservations.IsFree(name, tokenName))
            {
                return name;
            }
        }

        return null;
    }
}
