import Foundation
import TesseraTCK

let usage = """
    usage: tessera-tck FEATURES_DIR [--folder PREFIX ...] [--list-failures] [--write-expected FILE]
                       [--check-expected FILE] [--graphs DIR] [--timeout SECONDS] [--verbose]

      FEATURES_DIR           the openCypher TCK's tck/features directory
      --folder PREFIX ...    run only these folders (clauses/match, expressions); repeatable
      --list-failures        print every failed scenario with its reason
      --write-expected FILE  write the keys of the passing scenarios to FILE (the expected-pass list)
      --check-expected FILE  exit 1 when a scenario listed in FILE fails
      --graphs DIR           named graphs (default: FEATURES_DIR/../graphs)
      --timeout SECONDS      fail a statement running longer than this (default 10)
      --verbose              print each scenario's outcome as it finishes
    """

/// The parsed command line.
struct Options {
    var featuresRoot: String?
    var folders: [String] = []
    var listFailures = false
    var writeExpected: String?
    var checkExpected: String?
    var graphsRoot: String?
    var timeoutSeconds = 10.0
    var verbose = false
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n\n" + usage + "\n").utf8))
    exit(2)
}

func parseOptions(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    func value(for option: String) -> String {
        index += 1
        guard index < arguments.count else { fail("\(option) needs a value") }
        return arguments[index]
    }
    while index < arguments.count {
        let argument = arguments[index]
        switch argument {
        case "--folder":
            while index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                index += 1
                options.folders.append(arguments[index])
            }
        case "--list-failures": options.listFailures = true
        case "--write-expected": options.writeExpected = value(for: argument)
        case "--check-expected": options.checkExpected = value(for: argument)
        case "--graphs": options.graphsRoot = value(for: argument)
        case "--timeout":
            guard let seconds = Double(value(for: argument)), seconds > 0 else { fail("--timeout needs seconds") }
            options.timeoutSeconds = seconds
        case "--verbose": options.verbose = true
        case "--help", "-h":
            print(usage)
            exit(0)
        default:
            guard !argument.hasPrefix("--"), options.featuresRoot == nil else { fail("unexpected '\(argument)'") }
            options.featuresRoot = argument
        }
        index += 1
    }
    return options
}

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
guard let featuresRoot = options.featuresRoot else { fail("FEATURES_DIR is missing") }
var isDirectory: ObjCBool = false
guard FileManager.default.fileExists(atPath: featuresRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
    fail("no features directory at \(featuresRoot)")
}

var runner = TCKRunner(featuresRoot: featuresRoot, graphsRoot: options.graphsRoot)
runner.timeoutSeconds = options.timeoutSeconds
let folderFilter = TCKRunner.folderFilter(options.folders)
let report = runner.run(filter: { options.folders.isEmpty || folderFilter($0) }) { result in
    guard options.verbose else { return }
    print((result.passed ? "PASS " : "FAIL ") + result.key)
}

if options.listFailures && report.failedCount > 0 {
    print(report.failureList())
    print("")
}
if let path = options.writeExpected {
    do {
        try report.expectedPassList().write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        fail("cannot write \(path): \(error.localizedDescription)")
    }
}
var exitCode: Int32 = 0
if let path = options.checkExpected {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        fail("cannot read \(path)")
    }
    let regressions = report.regressions(from: TCKReport.readExpectedPassList(text))
    if !regressions.isEmpty {
        print("regressions (listed in \(path), now failing):")
        regressions.forEach { print("  " + $0) }
        print("")
        exitCode = 1
    }
}
print(report.table())
exit(exitCode)
