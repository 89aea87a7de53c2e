using FluxMirror.Domain.Keygen;

namespace FluxMirror.Tests.Unit.Domain.Keygen;

public sealed class UuidV6Tests
{
    [Fact]
    public void The_timestamp_is_stored_most_significant_first_with_version_6_and_the_rfc_variant()
    {
        // 0x1EC9414C232AB00 is the RFC 9562 appendix A.5 example timestamp (2022-02-22 19:22:22 UTC).
        var uuid = UuidV6.Format(0x1EC9414C232AB00, [0xB3, 0xC8, 0x9F, 0x6B, 0xDE, 0xCE, 0xD8, 0x46]);

        Assert.Equal("1ec9414c-232a-6b00-b3c8-9f6bdeced846", uuid);
    }

    [Fact]
    public void Variant_bits_are_forced_whatever_the_random_bytes()
    {
        var uuid = UuidV6.Format(1, [0xFF, 0, 0, 0, 0, 0, 0, 0]);

        Assert.Equal("00000000-0000-6001-bf00-000000000000", uuid);
    }

    [Fact]
    public void A_new_id_carries_the_clock_time()
    {
        var now = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

        var uuid = UuidV6.New(now);

        var hex = uuid.Replace("-", "", StringComparison.Ordinal);
        var timestamp = (Convert.ToInt64(hex[..12], 16) << 12) | Convert.ToInt64(hex[13..16], 16);
        var gregorian = new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;
        Assert.True(timestamp >= now.UtcTicks - gregorian);
        Assert.Equal('6', hex[12]);
        Assert.Contains(hex[16], "89ab");
    }

    [Fact]
    public void Ids_made_in_the_same_tick_or_after_the_clock_steps_back_still_sort_by_creation()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string> { UuidV6.New(now), UuidV6.New(now), UuidV6.New(now.AddSeconds(-5)), UuidV6.New() };

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
