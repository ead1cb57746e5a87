using Porch.Wire.Dns;

namespace Porch.Dns;

/// <summary>
/// Turns an update's exchange into its status and one line naming what failed and what to change. BIND answers a TSIG
/// failure with RCODE NOTAUTH and the reason in the TSIG error field (RFC 8945 §5.2), and a zone that does not allow
/// the update with REFUSED (RFC 2136 §3.3).
/// </summary>
internal static class DnsUpdateAdvice
{
    public static DnsUpdateResult For(Rfc2136Settings settings, DnsExchangeResult exchange)
    {
        var server = settings.Server.ToString();
        var zone = settings.Zone.TrimEnd('.');
        if (exchange.Response is not { } response)
        {
            return exchange.Status switch
            {
                DnsExchangeStatus.Timeout => new(DnsUpdateStatus.Timeout, $"DNS update of zone '{zone}' failed: {exchange.Detail}; check the server address and port, and that nothing filters them"),
                DnsExchangeStatus.Unreachable => new(DnsUpdateStatus.Unreachable, $"DNS update of zone '{zone}' failed: {exchange.Detail}; check the server address and port, and that the DNS server runs"),
                _ => new(DnsUpdateStatus.BadResponse, $"DNS update of zone '{zone}' failed: {exchange.Detail}"),
            };
        }

        var key = settings.KeyDescription;
        return (response.Tsig?.Error ?? DnsRcode.NoError, response.Rcode) switch
        {
            (DnsRcode.BadKey, _) => new(DnsUpdateStatus.UnknownKey,
                $"the DNS server at {server} does not know {key}: check that keyName and keyAlgorithm match a key statement in the server's configuration"),
            (DnsRcode.BadSig, _) => new(DnsUpdateStatus.WrongSecret,
                $"the DNS server at {server} rejected the signature of {key}: its secret differs from the server's; check keySecret or keyFile"),
            (DnsRcode.BadTime, _) => new(DnsUpdateStatus.ClockSkew,
                $"the DNS server at {server} rejected {key} because the clocks differ by more than {Tsig.DefaultFudge} s: set this computer's and the server's clocks (NTP)"),
            (_, DnsRcode.NoError) => new(DnsUpdateStatus.Done, $"zone '{zone}' updated at {server}"),
            (_, DnsRcode.Refused) => new(DnsUpdateStatus.Refused,
                $"the DNS server at {server} refused to update zone '{zone}' with {key}: allow it in named.conf, in the zone's statement: "
                + (settings.Key is { } k
                    ? $"update-policy {{ grant {k.Name.TrimEnd('.')}. zonesub TXT A AAAA; }}; (or allow-update {{ key {k.Name.TrimEnd('.')}.; }};)"
                    : "allow-update { key NAME; }; and set a TSIG key here")),
            (_, DnsRcode.NotAuth) => new(DnsUpdateStatus.NotAuthoritative,
                $"the DNS server at {server} is not authoritative for zone '{zone}': point server at the zone's primary and check zone"),
            (_, DnsRcode.NotZone) => new(DnsUpdateStatus.NotInZone,
                $"the DNS server at {server} says a name of the update is outside zone '{zone}': the zone setting must be the zone that holds the names"),
            (_, DnsRcode.YXDomain or DnsRcode.YXRRSet or DnsRcode.NXDomain or DnsRcode.NXRRSet) => new(DnsUpdateStatus.PrerequisiteFailed,
                $"the DNS server at {server} did not update zone '{zone}': a prerequisite failed ({response.Rcode})"),
            (_, var rcode) => new(DnsUpdateStatus.ServerError,
                $"the DNS server at {server} could not update zone '{zone}' ({rcode}): see the server's log"),
        };
    }
}
