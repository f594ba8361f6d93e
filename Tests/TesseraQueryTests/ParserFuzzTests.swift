import Foundation
import TesseraTestSupport
import Testing

@testable import TesseraQuery

/// Fuzzes the lexer and parser: random and damaged statements never crash or hang, and every
/// rejection points at a real line:column of the text (see ``ParseContract``).
///
/// The seed is fixed so that a run is reproducible; `TESSERA_TEST_SEED` replaces it and
/// `TESSERA_FUZZ_INPUTS` changes the number of inputs per test, for longer hunts.
@Suite struct ParserFuzzTests {
    static let defaultSeed: UInt64 = 0x7E55_E7A0_F022

    static var inputCount: Int {
        ProcessInfo.processInfo.environment["TESSERA_FUZZ_INPUTS"].flatMap { Int($0) } ?? 3000
    }

    static func mutator(_ label: String) throws -> QueryMutator {
        QueryMutator(
            random: .announced(label, defaultSeed: defaultSeed), corpus: try ParserFuzzCorpus.statements(),
            keywords: try ParserFuzzCorpus.keywords())
    }

    static func expectContract(_ inputs: [String], _ label: String, seed: UInt64) async {
        let report = await HangGuard.check(inputs, label: label)
        print("\(label): \(inputs.count) inputs, \(report.summary), seed \(seed)")
        for failure in report.failures.prefix(20) { Issue.record("seed \(seed): \(failure)") }
        if report.failures.count > 20 { Issue.record("seed \(seed): \(report.failures.count - 20) more failures") }
    }

    @Test func corpusParses() throws {
        for statement in try ParserFuzzCorpus.statements() {
            do {
                _ = try Parser.parse(statement)
            } catch {
                Issue.record("\(ParseContract.quoted(statement)): \(error)")
            }
        }
    }

    @Test func mutatedStatementsParseOrFailAtAPosition() async throws {
        var mutator = try Self.mutator("ParserFuzzTests.mutated")
        let inputs = (0..<Self.inputCount).map { _ in mutator.mutant() }
        await Self.expectContract(inputs, "ParserFuzzTests.mutated", seed: mutator.random.seed)
    }

    @Test func randomTokenStreamsParseOrFailAtAPosition() async throws {
        var mutator = try Self.mutator("ParserFuzzTests.tokenStreams")
        let inputs = (0..<Self.inputCount).map { _ in mutator.tokenStream() }
        await Self.expectContract(inputs, "ParserFuzzTests.tokenStreams", seed: mutator.random.seed)
    }
}
