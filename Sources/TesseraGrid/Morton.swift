/// Bit interleaving (Morton / Z order) for GeoSOT keys: latitude bit, then longitude bit, then height bit.
@usableFromInline
enum Morton {
    /// Spreads the 32 bits of `value` to the even bit positions of a UInt64.
    @inlinable
    static func spread2(_ value: UInt32) -> UInt64 {
        var x = UInt64(value)
        x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
        x = (x | x << 8) & 0x00FF_00FF_00FF_00FF
        x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F
        x = (x | x << 2) & 0x3333_3333_3333_3333
        x = (x | x << 1) & 0x5555_5555_5555_5555
        return x
    }

    /// Gathers the even bit positions of `value` into a UInt32.
    @inlinable
    static func compact2(_ value: UInt64) -> UInt32 {
        var x = value & 0x5555_5555_5555_5555
        x = (x | x >> 1) & 0x3333_3333_3333_3333
        x = (x | x >> 2) & 0x0F0F_0F0F_0F0F_0F0F
        x = (x | x >> 4) & 0x00FF_00FF_00FF_00FF
        x = (x | x >> 8) & 0x0000_FFFF_0000_FFFF
        x = (x | x >> 16) & 0x0000_0000_FFFF_FFFF
        return UInt32(truncatingIfNeeded: x)
    }

    /// The 2D key: each latitude bit above the longitude bit of the same significance.
    @inlinable
    static func interleave(latitude: UInt32, longitude: UInt32) -> UInt64 {
        spread2(latitude) << 1 | spread2(longitude)
    }

    /// Spreads the low 16 bits of `value` to every third bit position (0, 3, 6, ...) of a UInt64.
    @inlinable
    static func spread3(_ value: UInt32) -> UInt64 {
        var x = UInt64(value & 0xFFFF)
        x = (x | x << 32) & 0x001F_0000_0000_FFFF
        x = (x | x << 16) & 0x001F_0000_FF00_00FF
        x = (x | x << 8) & 0x100F_00F0_0F00_F00F
        x = (x | x << 4) & 0x10C3_0C30_C30C_30C3
        x = (x | x << 2) & 0x1249_2492_4924_9249
        return x
    }

    /// Gathers every third bit position (0, 3, 6, ...) of `value` into 16 bits.
    @inlinable
    static func compact3(_ value: UInt64) -> UInt32 {
        var x = value & 0x1249_2492_4924_9249
        x = (x | x >> 2) & 0x10C3_0C30_C30C_30C3
        x = (x | x >> 4) & 0x100F_00F0_0F00_F00F
        x = (x | x >> 8) & 0x001F_0000_FF00_00FF
        x = (x | x >> 16) & 0x001F_0000_0000_FFFF
        x = (x | x >> 32) & 0x0000_0000_001F_FFFF
        return UInt32(truncatingIfNeeded: x) & 0xFFFF
    }

    /// The 96-bit 3D key (in the low bits of a UInt128): per octal digit, latitude, longitude, height bits.
    @inlinable
    static func interleave(latitude: UInt32, longitude: UInt32, height: UInt32) -> UInt128 {
        let high = spread3(latitude >> 16) << 2 | spread3(longitude >> 16) << 1 | spread3(height >> 16)
        let low = spread3(latitude) << 2 | spread3(longitude) << 1 | spread3(height)
        return UInt128(high) << 48 | UInt128(low)
    }

    /// Splits a 96-bit 3D key into its latitude, longitude and height axes.
    @inlinable
    static func deinterleave3(_ key: UInt128) -> (latitude: UInt32, longitude: UInt32, height: UInt32) {
        let high = UInt64(truncatingIfNeeded: key >> 48) & 0xFFFF_FFFF_FFFF
        let low = UInt64(truncatingIfNeeded: key) & 0xFFFF_FFFF_FFFF
        return (
            compact3(high >> 2) << 16 | compact3(low >> 2),
            compact3(high >> 1) << 16 | compact3(low >> 1),
            compact3(high) << 16 | compact3(low)
        )
    }
}
