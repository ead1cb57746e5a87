using System.Globalization;
using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>
/// Answers one parsed request. The checks run in a fixed order, so each mistake has one answer:
/// <list type="number">
/// <item>The target is a coffee URI (any of RFC 2324 §3's schemes) or a path, else 400.</item>
/// <item>The designated pot, pot number and resource exist (<see cref="PotResolver"/>), else 404.</item>
/// <item>The method is BREW, POST, GET, PROPFIND or WHEN, else 501.</item>
/// <item>Content-Type is an HTCPCP type (required for BREW and POST), and a BREW asks a coffee pot for coffee or a
/// teapot for tea (RFC 7168 §3), else 415. Coffee asked of a teapot is the exception: 418 (RFC 2324 §2.3.2).</item>
/// <item>No pot designated: 300 with Alternates listing what the server brews (RFC 7168 §2.1.1).</item>
/// <item>Every Accept-Additions element is one this pot provides, else 406 listing those it does (RFC 2324 §2.3.1).</item>
/// <item>The body is <c>start</c> or <c>stop</c> (§4), else 400; a start while a brew is brewing is 503 with
/// Retry-After; a teapot asked to start without a variety answers 300 with its varieties.</item>
/// </list>
/// </summary>
internal sealed class HtcpcpDispatcher(PotRegistry pots, PotReplies replies, TimeSpan brewTime)
{
    public HtcpcpResponse Handle(HtcpcpRequestHead head, ReadOnlySpan<byte> body)
    {
        var minor = head.MinorVersion;
        var uri = CoffeeUri.Parse(head.Target, out var uriError);
        if (uri is null)
        {
            return replies.Text(minor, HtcpcpStatus.BadRequest, uriError!);
        }

        var target = PotResolver.Resolve(pots, uri, head[PotResolver.UsePotHeader]);
        if (target.NotFound is { } notFound)
        {
            return replies.Text(minor, HtcpcpStatus.NotFound, notFound);
        }

        if (!HtcpcpMethods.IsKnown(head.Method))
        {
            return replies.Text(minor, HtcpcpStatus.NotImplemented,
                $"{head.Method} is not an HTCPCP method; a pot understands BREW (or POST), GET, PROPFIND and WHEN.");
        }

        var brewing = HtcpcpMethods.IsBrew(head.Method);
        var type = HtcpcpMediaTypes.Classify(head["Content-Type"]);
        if (type == PotMessageType.Unsupported || (brewing && type == PotMessageType.Missing))
        {
            return replies.Text(minor, HtcpcpStatus.UnsupportedMediaType,
                $"Send {HtcpcpMediaTypes.CoffeePot} or {HtcpcpMediaTypes.CoffeePotCommand} to brew coffee, {HtcpcpMediaTypes.TeaPot} to brew tea.");
        }

        if (target.Pot is not { } pot)
        {
            return replies.Text(minor, HtcpcpStatus.MultipleOptions, "Pick a pot (and, for tea, a variety) from the Alternates header.",
                new HtcpcpHeader(AlternatesHeader.HeaderName, AlternatesHeader.Format(pots.All.SelectMany(Offers))));
        }

        if (brewing && type == PotMessageType.Tea && pot.Definition.Kind == PotKind.Coffee)
        {
            var teapot = pots.All.FirstOrDefault(p => p.Definition.Kind == PotKind.Tea);
            return replies.Text(minor, HtcpcpStatus.UnsupportedMediaType,
                $"{pot.Name} is a coffee pot and cannot brew tea" + (teapot is null ? "." : $"; ask coffee://{teapot.Name}."));
        }

        if (brewing && type == PotMessageType.Coffee && pot.Definition.Kind == PotKind.Tea)
        {
            return replies.Text(minor, HtcpcpStatus.ImATeapot, $"I'm a little teapot, short and stout: {pot.Name} does not brew coffee.");
        }

        return head.Method switch
        {
            HtcpcpMethods.Get => replies.Json(minor, HtcpcpStatus.Ok, PotJson.State(pot)),
            HtcpcpMethods.Propfind => replies.Json(minor, HtcpcpStatus.Ok, PotJson.Metadata(pot, target.Variety, brewTime)),
            HtcpcpMethods.When => When(minor, pot),
            _ => Brew(minor, pot, target.Variety, AcceptAdditions.Parse(head[AcceptAdditions.HeaderName], uri.QueryAdditions), body),
        };
    }

    private HtcpcpResponse Brew(int minor, Pot pot, TeaVariety? variety, IReadOnlyList<Addition> additions, ReadOnlySpan<byte> body)
    {
        var refused = additions.Where(a => !pot.Definition.Accepts(a.Kind)).Select(a => a.Text).ToList();
        if (refused.Count > 0)
        {
            var accepted = pot.Definition.Additions.SelectMany(AcceptAdditions.NamesOf);
            return replies.Text(minor, HtcpcpStatus.NotAcceptable,
                $"{pot.Name} cannot add {string.Join(", ", refused)}. Accepted additions: {string.Join(", ", accepted)}");
        }

        switch (CoffeeMessageBody.Parse(body))
        {
            case BrewCommand.Stop:
                return Stop(minor, pot);
            case BrewCommand.Invalid:
                return replies.Text(minor, HtcpcpStatus.BadRequest, "The body of a BREW is start or stop (RFC 2324 section 4).");
        }

        if (pot.Definition.Kind == PotKind.Tea && variety is null)
        {
            return replies.Text(minor, HtcpcpStatus.MultipleOptions, $"Pick a tea from the Alternates header; {pot.Name} has not started.",
                new HtcpcpHeader(AlternatesHeader.HeaderName, AlternatesHeader.Format(Offers(pot))));
        }

        if (!pot.TryStart(variety, additions, out var brew))
        {
            var wait = Math.Max(1, (int)Math.Ceiling((brew.ReadyAt - pot.Now).TotalSeconds));
            return replies.Text(minor, HtcpcpStatus.ServiceUnavailable,
                $"{pot.Name} is busy: brewing since {PotJson.Local(pot, brew.Started)}, ready at {PotJson.Local(pot, brew.ReadyAt)}. Try again in {wait} s.",
                new HtcpcpHeader("Retry-After", wait.ToString(CultureInfo.InvariantCulture)));
        }

        var what = variety?.Name ?? pot.Definition.Beverage.ToLowerInvariant();
        var with = additions.Count == 0 ? "" : " with " + string.Join(", ", additions.Select(a => a.Text));
        return replies.Text(minor, HtcpcpStatus.Ok,
            $"{pot.Name} is brewing {what}{with}; ready at {PotJson.Local(pot, brew.ReadyAt)} ({(brew.ReadyAt - brew.Started).TotalSeconds:0} s).");
    }

    private HtcpcpResponse Stop(int minor, Pot pot)
    {
        var now = pot.Now;
        if (pot.Stop() is not { } stopped)
        {
            return replies.Text(minor, HtcpcpStatus.Conflict, $"{pot.Name} is not brewing; there is nothing to stop.");
        }

        var what = stopped.Variety?.Name ?? pot.Definition.Beverage.ToLowerInvariant();
        return replies.Text(minor, HtcpcpStatus.Ok, stopped.PhaseAt(now) == PotPhase.Brewing
            ? $"Stopped early: {what} served at {Math.Round(stopped.StrengthAt(now) * 100):0}% of its strength."
            : $"Stopped: your {what} is served. Enjoy!");
    }

    private HtcpcpResponse When(int minor, Pot pot) => pot.When() switch
    {
        WhenOutcome.MilkStopped => replies.Text(minor, HtcpcpStatus.Ok, "When! The milk has stopped."),
        WhenOutcome.StillBrewing => replies.Text(minor, HtcpcpStatus.Conflict, $"{pot.Name} is still brewing; the milk pours when it is done."),
        WhenOutcome.NoMilkOrdered => replies.Text(minor, HtcpcpStatus.Conflict, "No milk was ordered, so there is no milk to stop."),
        WhenOutcome.MilkAlreadyStopped => replies.Text(minor, HtcpcpStatus.Conflict, "The milk has already stopped."),
        _ => replies.Text(minor, HtcpcpStatus.Conflict, $"{pot.Name} is not brewing; there is no milk to stop."),
    };

    /// <summary>What one pot brews, as Alternates variants: the coffee pot itself, or each tea variety.</summary>
    private static IEnumerable<Alternate> Offers(Pot pot) => pot.Definition.Kind == PotKind.Coffee
        ? [new Alternate($"coffee://{pot.Name}", HtcpcpMediaTypes.CoffeePot)]
        : pot.Definition.Varieties.Select(v => new Alternate($"coffee://{pot.Name}/{v.Slug}", HtcpcpMediaTypes.TeaPot));
}
