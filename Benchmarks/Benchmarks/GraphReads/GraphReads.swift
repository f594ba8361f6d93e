// Read-path benchmarks of the Tessera engine.
//
// Every benchmark does one operation per iteration against the fixture database (see Fixture.swift),
// which is built in setup and never measured. Each reports wall clock per operation and throughput
// (operations per second); p50 is the figure we quote.

import Benchmark
import TesseraCore
import TesseraGraph

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        warmupIterations: 500,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    // One as-of read of a random entity that exists now, at valid time now, latest belief.
    Benchmark(
        "Entity.asOfNow",
        closure: { (benchmark: Benchmark, fixture: Fixture) throws in
            for _ in benchmark.scaledIterations {
                let id = fixture.currentIds[fixture.currentRotation.next()]
                blackHole(try fixture.graph.entity(id))
            }
        },
        setup: { try Fixture.open() }
    )

    // One as-of read of a random entity at a past valid time inside one of its older versions.
    Benchmark(
        "Entity.asOfPast",
        closure: { (benchmark: Benchmark, fixture: Fixture) throws in
            for _ in benchmark.scaledIterations {
                let read = fixture.pastReads[fixture.pastRotation.next()]
                blackHole(try fixture.graph.entity(read.id, validAt: read.validAt))
            }
        },
        setup: { try Fixture.open() }
    )

    // The full bitemporal history of the entity with exactly 10 versions.
    Benchmark(
        "Entity.history10",
        closure: { (benchmark: Benchmark, fixture: Fixture) throws in
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.graph.history(of: Fixture.tenVersionId))
            }
        },
        setup: { try Fixture.open() }
    )

    // Both directions of edges of the dedicated entity (exactly 12) as of a past valid time.
    Benchmark(
        "Edges.asOf",
        closure: { (benchmark: Benchmark, fixture: Fixture) throws in
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.graph.edges(of: Fixture.tenVersionId, validAt: Fixture.edgeInstant))
            }
        },
        setup: { try Fixture.open() }
    )

    // Both directions of edges of a random city entity that has edges, as of a past valid time.
    Benchmark(
        "Edges.asOfRandom",
        closure: { (benchmark: Benchmark, fixture: Fixture) throws in
            for _ in benchmark.scaledIterations {
                let id = fixture.edgeIds[fixture.edgeRotation.next()]
                blackHole(try fixture.graph.edges(of: id, validAt: Fixture.cityEdgeInstant))
            }
        },
        setup: { try Fixture.open() }
    )
}
