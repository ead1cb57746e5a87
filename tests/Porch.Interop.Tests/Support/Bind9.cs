using System.Diagnostics;
using System.Net;

namespace Porch.Tests.Support;

/// <summary>
/// A real BIND 9 (named) on 127.0.0.1 with a generated named.conf on an allocated port, in the foreground (-g), with
/// its pid file, journals and keys in a temporary folder under /tmp (Debian's AppArmor profile for named, where it is
/// enforced, allows /tmp; none is loaded here). No rndc: <c>controls { };</c>. As root it needs no -u.
/// <para>
/// Zones: <see cref="Zone"/> lets <see cref="KeyName"/> update TXT/A/AAAA anywhere in it (update-policy zonesub);
/// so does <see cref="Sha512KeyName"/>; <see cref="LockedZone"/> allows no update at all (REFUSED). Both have an NS and its A record so they load.
/// </para>
/// </summary>
internal sealed class Bind9 : IAsyncDisposable
{
    public const string Zone = "example.test";

    public const string LockedZone = "locked.test";

    /// <summary>
    /// A zone under a public-looking name (updatable like <see cref="Zone"/>), for code that refuses reserved names
    /// such as .test before it orders a certificate (the relay's ACME domain).
    /// </summary>
    public const string PublicZone = "example.net";

    public const string KeyName = "porch-key.";

    public const string KeyAlgorithm = "hmac-sha256";

    /// <summary>A second key, HMAC-SHA512, with the same grant and the same secret.</summary>
    public const string Sha512KeyName = "porch-key-512.";

    private readonly Process process;

    private Bind9(Process process, string folder, int port, string secret)
    {
        this.process = process;
        Folder = folder;
        Port = port;
        Secret = secret;
    }

    public string Folder { get; }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The key's secret, base64, fresh for each server.</summary>
    public string Secret { get; }

    public string Log => ReadShared(Path.Combine(Folder, "named.log"));

    /// <summary>Starts named, or skips the test naming the package when it is missing.</summary>
    /// <param name="extraZoneRecords">Lines added to <see cref="Zone"/>'s zone file (e.g. A records for test names).</param>
    public static async Task<Bind9> StartAsync(params string[] extraZoneRecords)
    {
        var named = Peer.Require("named", "bind9");
        var folder = Directory.CreateTempSubdirectory("porch-bind9-").FullName;
        var port = FreePort.Allocate();
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(Path.Combine(folder, "named.conf"), $$"""
            options {
                directory "{{folder}}";
                pid-file "{{folder}}/named.pid";
                session-keyfile "{{folder}}/session.key";
                managed-keys-directory "{{folder}}";
                listen-on port {{port}} { 127.0.0.1; };
                listen-on-v6 { none; };
                recursion no;
                dnssec-validation no;
                notify no;
                querylog yes;
            };
            controls { };
            key "{{KeyName}}" { algorithm {{KeyAlgorithm}}; secret "{{secret}}"; };
            key "{{Sha512KeyName}}" { algorithm hmac-sha512; secret "{{secret}}"; };
            zone "{{Zone}}" {
                type primary;
                file "{{folder}}/{{Zone}}.zone";
                update-policy {
                    grant {{KeyName}} zonesub TXT A AAAA;
                    grant {{Sha512KeyName}} zonesub TXT A AAAA;
                };
            };
            zone "{{PublicZone}}" {
                type primary;
                file "{{folder}}/{{PublicZone}}.zone";
                update-policy {
                    grant {{KeyName}} zonesub TXT A AAAA;
                };
            };
            zone "{{LockedZone}}" {
                type primary;
                file "{{folder}}/{{LockedZone}}.zone";
            };
            """);
        foreach (var zone in new[] { Zone, PublicZone, LockedZone })
        {
            var records = zone == Zone ? extraZoneRecords : [];
            await File.WriteAllLinesAsync(Path.Combine(folder, zone + ".zone"), [
                "$TTL 60",
                $"@ IN SOA ns.{zone}. admin.{zone}. 1 60 60 3600 60",
                $"@ IN NS ns.{zone}.",
                "ns IN A 127.0.0.1",
                .. records,
            ]);
        }

        var start = new ProcessStartInfo(named, ["-g", "-c", Path.Combine(folder, "named.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var log = File.CreateText(Path.Combine(folder, "named.log"));
        log.AutoFlush = true;
        _ = CopyAsync(process.StandardError, log);
        // named opens its sockets before its zones have loaded (an update then gets SERVFAIL); "running" comes after
        // "all zones loaded".
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!ReadShared(Path.Combine(folder, "named.log")).Contains(" running\n", StringComparison.Ordinal) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        if (process.HasExited || !ReadShared(Path.Combine(folder, "named.log")).Contains(" running\n", StringComparison.Ordinal))
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw new InvalidOperationException("named did not start:\n" + ReadShared(Path.Combine(folder, "named.log")));
        }

        return new Bind9(process, folder, port, secret);
    }

    /// <summary>What dig reads for <paramref name="name"/> (TXT values without quotes, one per line).</summary>
    public async Task<string[]> DigAsync(string name, string type)
    {
        var dig = Peer.Require("dig", "bind9-dnsutils");
        var (exit, stdout, stderr) = await Peer.RunAsync(dig, ["+short", "+tries=2", "+time=2", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "@127.0.0.1", name, type], TimeSpan.FromSeconds(20));
        Assert.True(exit == 0, $"dig failed ({exit}): {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Trim('"')).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.StopAsync(process);
        Directory.Delete(Folder, recursive: true);
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    private static async Task CopyAsync(StreamReader from, StreamWriter to)
    {
        await using (to)
        {
            string? line;
            while ((line = await from.ReadLineAsync()) is not null)
            {
                await to.WriteLineAsync(line);
            }
        }
    }
}
