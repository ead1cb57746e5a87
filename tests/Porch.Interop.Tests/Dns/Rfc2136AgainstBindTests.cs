using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Acme.Dns01;
using Porch.Dns;
using Porch.Tests.Support;
using Porch.Wire.Dns;

namespace Porch.Tests.Dns;

/// <summary>Porch's RFC 2136 client and DNS-01 provider against a real BIND 9, checked with dig.</summary>
public class Rfc2136AgainstBindTests
{
    private static Rfc2136Client Client(Bind9 bind, string? secret = null, string keyName = Bind9.KeyName, TsigAlgorithm algorithm = TsigAlgorithm.HmacSha256, string zone = Bind9.Zone, TimeProvider? time = null)
    {
        var key = new TsigKey(keyName, algorithm, Convert.FromBase64String(secret ?? bind.Secret));
        return new Rfc2136Client(new Rfc2136Settings(bind.EndPoint, zone, key), time ?? TimeProvider.System, NullLogger<Rfc2136Client>.Instance);
    }

    [SkippableFact]
    public async Task Update_AddThenDeleteTxtSignedWithHmacSha256_DigSeesEachChange()
    {
        await using var bind = await Bind9.StartAsync();
        var client = Client(bind);
        const string Name = "_acme-challenge.www.example.test";

        var added = await client.UpdateAsync([], [
            DnsUpdateRecords.Add(Name, DnsType.TXT, 60, DnsRecordData.Txt("first")),
            DnsUpdateRecords.Add(Name, DnsType.TXT, 60, DnsRecordData.Txt("second")),
        ], CancellationToken.None);

        Assert.True(added.Ok, added.Message + "\n" + bind.Log);
        Assert.Equal(["first", "second"], (await bind.DigAsync(Name, "TXT")).Order());

        var deleted = await client.UpdateAsync([], [DnsUpdateRecords.DeleteRecord(Name, DnsType.TXT, DnsRecordData.Txt("first"))], CancellationToken.None);

        Assert.True(deleted.Ok, deleted.Message);
        Assert.Equal(["second"], await bind.DigAsync(Name, "TXT"));

        var cleared = await client.UpdateAsync([], [DnsUpdateRecords.DeleteRRset(Name, DnsType.TXT)], CancellationToken.None);

        Assert.True(cleared.Ok, cleared.Message);
        Assert.Empty(await bind.DigAsync(Name, "TXT"));
    }

    [SkippableFact]
    public async Task Update_AddressRecordsSignedWithHmacSha512_DigSeesThem()
    {
        await using var bind = await Bind9.StartAsync();
        var client = Client(bind, keyName: Bind9.Sha512KeyName, algorithm: TsigAlgorithm.HmacSha512);
        var v4 = IPAddress.Parse("192.0.2.10");
        var v6 = IPAddress.Parse("2001:db8::10");

        var result = await client.UpdateAsync([DnsUpdateRecords.NameNotInUse("home.example.test")], [
            DnsUpdateRecords.Add("home.example.test", DnsRecordData.AddressType(v4), 60, DnsRecordData.Address(v4)),
            DnsUpdateRecords.Add("home.example.test", DnsRecordData.AddressType(v6), 60, DnsRecordData.Address(v6)),
        ], CancellationToken.None);

        Assert.True(result.Ok, result.Message + "\n" + bind.Log);
        Assert.Equal(["192.0.2.10"], await bind.DigAsync("home.example.test", "A"));
        Assert.Equal(["2001:db8::10"], await bind.DigAsync("home.example.test", "AAAA"));

        // The same prerequisite now fails: the name is in use.
        var again = await client.UpdateAsync([DnsUpdateRecords.NameNotInUse("home.example.test")], [], CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.PrerequisiteFailed, again.Status);
    }

    [SkippableFact]
    public async Task Update_WrongSecret_IsBadSigWithOneLineNamingTheKey()
    {
        await using var bind = await Bind9.StartAsync();
        var client = Client(bind, secret: Convert.ToBase64String(new byte[32]));

        var result = await client.UpdateAsync([], [DnsUpdateRecords.Add("x.example.test", DnsType.TXT, 60, DnsRecordData.Txt("no"))], CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.WrongSecret, result.Status);
        Assert.Contains("TSIG key 'porch-key.' (hmac-sha256)", result.Message, StringComparison.Ordinal);
        Assert.Contains("check keySecret or keyFile", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Empty(await bind.DigAsync("x.example.test", "TXT"));
    }

    [SkippableFact]
    public async Task Update_UnknownKeyName_IsBadKeyWithAdviceToCheckTheName()
    {
        await using var bind = await Bind9.StartAsync();
        var client = Client(bind, keyName: "someone-else.");

        var result = await client.UpdateAsync([], [DnsUpdateRecords.Add("x.example.test", DnsType.TXT, 60, DnsRecordData.Txt("no"))], CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.UnknownKey, result.Status);
        Assert.Contains("does not know TSIG key 'someone-else.'", result.Message, StringComparison.Ordinal);
        Assert.Contains("keyName and keyAlgorithm", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Update_ClockAnHourAhead_IsBadTime()
    {
        await using var bind = await Bind9.StartAsync();
        var client = Client(bind, time: new ShiftedTime(TimeSpan.FromHours(1)));

        var result = await client.UpdateAsync([], [DnsUpdateRecords.Add("x.example.test", DnsType.TXT, 60, DnsRecordData.Txt("late"))], CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.ClockSkew, result.Status);
        Assert.Contains("clocks differ", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Update_ZoneWithoutUpdatePolicy_IsRefusedNamingTheBindOption()
    {
        await using var bind = await Bind9.StartAsync();
        var client = Client(bind, zone: Bind9.LockedZone);

        var result = await client.UpdateAsync([], [DnsUpdateRecords.Add("x.locked.test", DnsType.TXT, 60, DnsRecordData.Txt("no"))], CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.Refused, result.Status);
        Assert.Contains("update-policy { grant porch-key. zonesub TXT A AAAA; };", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Query_AnswerLargerThanAUdpMessage_IsFetchedOverTcp()
    {
        // Six 200-byte TXT records: about 1.3 KB, more than the 512 bytes of a UDP answer without EDNS, so named sets TC.
        var values = Enumerable.Range(0, 6).Select(i => new string((char)('a' + i), 200)).ToArray();
        await using var bind = await Bind9.StartAsync(values.Select(v => $"big IN TXT \"{v}\"").ToArray());
        var client = Client(bind);

        var answer = await client.QueryAsync("big.example.test", DnsType.TXT, CancellationToken.None);

        Assert.Equal(DnsExchangeStatus.Answered, answer.Status);
        Assert.Equal(TsigStatus.Valid, answer.Tsig);
        Assert.Equal(values, answer.Response!.Answers.Select(r => DnsRecordData.ReadTxt(r.Data.Span)).Order());
    }

    [SkippableFact]
    public async Task ChallengeProvider_PresentTwoValuesThenCleanupOne_LeavesTheOther()
    {
        await using var bind = await Bind9.StartAsync();
        var provider = new Rfc2136ChallengeProvider(Client(bind), TimeProvider.System, NullLogger<Rfc2136ChallengeProvider>.Instance);
        const string Name = "_acme-challenge.example.test";

        await provider.PresentAsync(Name, "wildcard-value", CancellationToken.None);
        await provider.PresentAsync(Name, "base-value", CancellationToken.None);

        Assert.Equal(["base-value", "wildcard-value"], (await bind.DigAsync(Name, "TXT")).Order());

        await provider.CleanupAsync(Name, "wildcard-value", CancellationToken.None);

        Assert.Equal(["base-value"], await bind.DigAsync(Name, "TXT"));
    }

    [SkippableFact]
    public async Task ChallengeProvider_WrongSecret_ThrowsOneLineForTheUser()
    {
        await using var bind = await Bind9.StartAsync();
        var provider = new Rfc2136ChallengeProvider(Client(bind, secret: Convert.ToBase64String(new byte[32])), TimeProvider.System, NullLogger<Rfc2136ChallengeProvider>.Instance);

        var e = await Assert.ThrowsAsync<DnsChallengeException>(() => provider.PresentAsync("_acme-challenge.example.test", "v", CancellationToken.None));

        Assert.StartsWith("DNS-01 for _acme-challenge.example.test: the DNS server at 127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("rejected the signature of TSIG key 'porch-key.'", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ChallengeProvider_NameOutsideTheZone_SaysToSetTheZone()
    {
        await using var bind = await Bind9.StartAsync();
        var provider = new Rfc2136ChallengeProvider(Client(bind), TimeProvider.System, NullLogger<Rfc2136ChallengeProvider>.Instance);

        var e = await Assert.ThrowsAsync<DnsChallengeException>(() => provider.PresentAsync("_acme-challenge.other.test", "v", CancellationToken.None));

        Assert.Contains("outside the configured zone 'example.test'; set acme.dns.zone", e.Message, StringComparison.Ordinal);
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
