using System.Globalization;

namespace Porch.Tunnel.Client;

/// <summary>
/// What <c>porch share</c> tells its user, a contract scripts parse: each state change is ONE line on standard error
/// starting <c>porch share: </c>; each time the tunnel comes online its public URL is printed alone on a standard
/// output line, followed by a QR code of it when <paramref name="qr"/> is set.
/// </summary>
internal sealed class ShareReporter(TextWriter stdout, TextWriter stderr, bool qr)
{
    public const string Prefix = "porch share: ";

    private bool passwordShown;

    public void Connecting(Uri relay) => Say($"connecting to {relay.GetLeftPart(UriPartial.Authority)} …");

    /// <summary>
    /// The tunnel is online: the line, the URL alone on stdout, the QR code, and the guest password the first time.
    /// A public TCP address (<c>tcp://DOMAIN:PORT</c>) is in the same line and on the stdout line after the URL.
    /// </summary>
    public void Online(string url, string target, string? guestPassword, string? tcpAddress = null)
    {
        url = url.TrimEnd('/');
        Say(tcpAddress is null ? $"online: {url} → {target}" : $"online: {url} and {tcpAddress} → {target}");
        if (guestPassword is not null && !passwordShown)
        {
            passwordShown = true;
            Say($"visitors sign in as user \"guest\" with password {guestPassword} (shown only now; choose your own with --remote-password or --remote)");
        }

        stdout.WriteLine(url);
        if (tcpAddress is not null)
        {
            stdout.WriteLine(tcpAddress);
        }

        if (qr)
        {
            stdout.Write(TerminalQrCode.Render(url));
        }

        stdout.Flush();
    }

    /// <summary>The session ended and another attempt follows after <paramref name="delay"/>.</summary>
    public void Retrying(string reason, TimeSpan delay, bool wasOnline)
    {
        var seconds = delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        Say(wasOnline
            ? $"lost the relay ({reason}); reconnecting in {seconds} s"
            : $"could not reach the relay ({reason}); retrying in {seconds} s");
    }

    /// <summary>--transport auto found no HTTP/2 on the way to the relay: WebSockets from now on.</summary>
    public void UsingWebSockets(string reason, TimeSpan retryAfter) =>
        Say($"{reason}; switching to WebSockets over HTTP/1.1 for this and later connections (one connection per open stream); " +
            $"HTTP/2 is tried again at a reconnect from {retryAfter.TotalMinutes:0} minutes on");

    /// <summary>A session after a fall-back to WebSockets got through over HTTP/2.</summary>
    public void BackOnHttp2() => Say("HTTP/2 to the relay works again: back on it for this and later connections");

    /// <summary>The relay-picked name went to another client while this one was away; a new one (a new URL) follows.</summary>
    public void NameLost(string name) => Say($"the name {name} was taken by another client while reconnecting; asking the relay for a new one");

    /// <summary>The client stops: <paramref name="line"/> says why.</summary>
    public void Stopping(string line) => Say(line);

    private void Say(string line)
    {
        stderr.WriteLine(Prefix + line);
        stderr.Flush();
    }
}
