internal import CGEOS

/// Exact planar predicates and measures through GEOS, the engine behind PostGIS and Shapely.
///
/// An engine owns one GEOS context handle (the reentrant `_r` API of geos_c.h). A context is not thread-safe,
/// so an engine is not `Sendable`: create one per thread or task (creation is cheap) and keep it for as long as
/// that thread runs many operations. Geometries are ``Geometry`` values; each call converts them to GEOS objects
/// and destroys those before returning, so no GEOS object outlives the call unless it is held by a
/// ``PreparedGeometry`` (use one when the same geometry is tested many times).
///
/// Predicates and planar measures work in the longitude/latitude plane (degrees) and ignore heights.
/// Measures in metres are named so (``distanceMeters(_:_:)``, ``areaSquareMeters(of:)``) and are computed on
/// the WGS84 ellipsoid or in a local projection; Docs/Geometry.md states the method and error of each.
public final class GeometryEngine {
    /// The GEOS context handle; destroyed in deinit, after every child object that used it.
    let context: OpaquePointer
    /// Receives GEOS error messages for this context; kept alive by the engine for as long as the context.
    private let messages: GEOSMessages

    /// Creates an engine with its own GEOS context.
    public init() {
        guard let context = GEOS_init_r() else { preconditionFailure("GEOS_init_r failed (out of memory)") }
        self.context = context
        messages = GEOSMessages()
        // Why unsafe: GEOS hands the user-data pointer back to the C callback; it points at `messages`, which the
        // engine owns and which outlives the context (the context is finished in deinit, before it is released).
        // geos_c.h: the handler runs synchronously on the thread of the failing call.
        GEOSContext_setErrorMessageHandler_r(
            context,
            { message, userData in
                guard let message, let userData else { return }
                Unmanaged<GEOSMessages>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
            },
            Unmanaged.passUnretained(messages).toOpaque())
    }

    deinit {
        GEOS_finish_r(context)
    }

    /// The error for a failed GEOS call: the last message GEOS reported, or `operation` alone.
    func failure(_ operation: String) -> GeometryError {
        let message = messages.last ?? "no message"
        messages.last = nil
        return GeometryError(.engine, "GEOS \(operation) failed: \(message)")
    }

    /// Interprets a GEOS predicate result: 1 true, 0 false, 2 exception.
    func predicate(_ result: CChar, _ operation: String) throws(GeometryError) -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw failure(operation)
        }
    }

    /// Converts `geometry` to a GEOS object for the duration of `body`, then destroys it.
    func withGEOS<T>(_ geometry: Geometry, _ body: (OpaquePointer) throws(GeometryError) -> T) throws(GeometryError)
        -> T
    {
        let raw = try makeGEOS(geometry)
        defer { GEOSGeom_destroy_r(context, raw) }
        return try body(raw)
    }

    /// Converts two geometries for the duration of `body`.
    func withGEOS<T>(
        _ a: Geometry, _ b: Geometry, _ body: (OpaquePointer, OpaquePointer) throws(GeometryError) -> T
    ) throws(GeometryError) -> T {
        try withGEOS(a) { (rawA) throws(GeometryError) in
            try withGEOS(b) { (rawB) throws(GeometryError) in try body(rawA, rawB) }
        }
    }

    /// Reads a GEOS geometry back as a ``Geometry`` (through ISO WKB, keeping heights).
    func geometry(from raw: OpaquePointer) throws(GeometryError) -> Geometry {
        guard let writer = GEOSWKBWriter_create_r(context) else { throw failure("WKB writer creation") }
        defer { GEOSWKBWriter_destroy_r(context, writer) }
        GEOSWKBWriter_setOutputDimension_r(context, writer, 3)
        GEOSWKBWriter_setFlavor_r(context, writer, Int32(GEOS_WKB_ISO.rawValue))
        GEOSWKBWriter_setByteOrder_r(context, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let buffer = GEOSWKBWriter_write_r(context, writer, raw, &size) else { throw failure("WKB writing") }
        // Why unsafe: GEOS lends `size` bytes that we copy before freeing them with GEOSFree_r (geos_c.h).
        let bytes = Array(UnsafeBufferPointer(start: buffer, count: size))
        GEOSFree_r(context, buffer)
        return try Geometry(wkb: bytes)
    }
}

/// The last error message GEOS reported on one context.
final class GEOSMessages {
    var last: String?
}
