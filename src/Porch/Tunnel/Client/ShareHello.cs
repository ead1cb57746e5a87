using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>The hello for a target as <c>porch proxy</c> takes it: how the relay speaks to the app, and under which base path.</summary>
internal static class ShareHello
{
    public static HelloMessage Build(Uri target, string? name, TunnelAccess access, bool tcp = false) =>
        new(TunnelProtocol.Version, name, tcp, Scheme(target), BasePath(target), Display(target), access);

    /// <summary>
    /// <c>h2c</c> for h2c:// targets, else <c>http</c>: for an https:// target this client adds the TLS itself, so the
    /// relay's forwarder speaks plain HTTP/1.1 through the stream.
    /// </summary>
    public static string Scheme(Uri target) => target.Scheme == "h2c" ? "h2c" : "http";

    /// <summary>"" or "/app": the target's path without its trailing slash.</summary>
    public static string BasePath(Uri target) => target.AbsolutePath.TrimEnd('/');

    /// <summary>The target as the user sees it in the online line and the relay's pages: <c>http://127.0.0.1:8000/app</c>.</summary>
    public static string Display(Uri target) => $"{target.Scheme}://{target.Authority}{BasePath(target)}";
}
