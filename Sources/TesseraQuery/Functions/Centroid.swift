import TesseraGeometry

/// The centroid of a geometry in the longitude/latitude plane, computed as GEOS and PostGIS do.
///
/// Only the parts of the highest dimension count: the area-weighted centre of the polygons (holes subtract);
/// without area, the length-weighted centre of the lines and ring edges; without length, the mean of the
/// positions. Heights are ignored.
struct Centroid {
    /// A reference position subtracted from every other one, to keep the sums small and precise.
    private var origin: Coordinate?
    private var areaSum = 0.0
    private var areaX = 0.0
    private var areaY = 0.0
    private var lengthSum = 0.0
    private var lengthX = 0.0
    private var lengthY = 0.0
    private var pointCount = 0.0
    private var pointX = 0.0
    private var pointY = 0.0

    /// The centroid of `geometry`, or nil when it is empty.
    static func of(_ geometry: Geometry) -> Coordinate? {
        var centroid = Centroid()
        centroid.add(geometry)
        return centroid.result
    }

    private mutating func add(_ geometry: Geometry) {
        switch geometry {
        case .point(let point): addPoint(point)
        case .multiPoint(let points): for point in points { addPoint(point) }
        case .lineString(let points): addLine(points)
        case .multiLineString(let lines): for line in lines { addLine(line) }
        case .polygon(let rings): addPolygon(rings)
        case .multiPolygon(let polygons): for rings in polygons { addPolygon(rings) }
        case .geometryCollection(let members): for member in members { add(member) }
        }
    }

    /// `point` relative to the origin (which the first position becomes).
    private mutating func local(_ point: Coordinate) -> (x: Double, y: Double) {
        guard let origin else {
            origin = point
            return (0, 0)
        }
        return (point.longitude - origin.longitude, point.latitude - origin.latitude)
    }

    private mutating func addPoint(_ point: Coordinate) {
        let (x, y) = local(point)
        pointCount += 1
        pointX += x
        pointY += y
    }

    private mutating func addLine(_ points: [Coordinate]) {
        guard points.count >= 2 else {
            for point in points { addPoint(point) }
            return
        }
        for index in 1..<points.count {
            let (x0, y0) = local(points[index - 1])
            let (x1, y1) = local(points[index])
            let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
            lengthSum += length
            lengthX += length * (x0 + x1) / 2
            lengthY += length * (y0 + y1) / 2
            if length == 0 { addPoint(points[index]) }
        }
    }

    /// Adds the rings' areas (the exterior positive, holes negative, whatever their winding) and their edges.
    private mutating func addPolygon(_ rings: [[Coordinate]]) {
        for (position, ring) in rings.enumerated() {
            addLine(ring)
            guard ring.count >= 4 else { continue }
            var twiceArea = 0.0
            var momentX = 0.0
            var momentY = 0.0
            for index in 1..<ring.count {
                let (x0, y0) = local(ring[index - 1])
                let (x1, y1) = local(ring[index])
                let cross = x0 * y1 - x1 * y0
                twiceArea += cross
                momentX += (x0 + x1) * cross
                momentY += (y0 + y1) * cross
            }
            guard twiceArea != 0 else { continue }
            // The ring's centre is moment / (3 · twiceArea); its weight is ±|area|.
            let weight = (position == 0 ? 1.0 : -1.0) * abs(twiceArea) / 2
            areaSum += weight
            areaX += weight * momentX / (3 * twiceArea)
            areaY += weight * momentY / (3 * twiceArea)
        }
    }

    private var result: Coordinate? {
        guard let origin else { return nil }
        let (x, y): (Double, Double)
        if areaSum != 0 {
            (x, y) = (areaX / areaSum, areaY / areaSum)
        } else if lengthSum != 0 {
            (x, y) = (lengthX / lengthSum, lengthY / lengthSum)
        } else if pointCount != 0 {
            (x, y) = (pointX / pointCount, pointY / pointCount)
        } else {
            (x, y) = (0, 0)
        }
        return Coordinate(origin.longitude + x, origin.latitude + y)
    }
}
