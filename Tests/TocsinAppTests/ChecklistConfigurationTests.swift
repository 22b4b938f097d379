import Testing
import TocsinApp
import TocsinCore

/// `services[].runbook` and `severities[].checklist`, read and checked as `check-config` does.
@Suite struct ChecklistConfigurationTests {
    private func parse(_ checklist: String, runbook: String = "https://wiki.example.com/runbooks/checkout") -> Result<TocsinConfiguration, ConfigError> {
        let yaml = """
        slack:
          default_severity: SEV1
        severities:
          - name: SEV1
            update_every: 30m
            check_in_within: 30m
            checklist: \(checklist)
        services:
          - name: checkout
            tier: 1
            runbook: "\(runbook)"
        """
        do {
            return .success(try ConfigurationLoader.parse(yaml).configuration)
        } catch {
            return .failure(error)
        }
    }

    private func problems(_ checklist: String, runbook: String = "https://wiki.example.com/runbooks/checkout") -> [String] {
        if case .failure(let error) = parse(checklist, runbook: runbook) { return error.problems.map(\.message) }
        return []
    }

    @Test func aRunbookAndAChecklistAreRead() throws {
        let configuration = try parse(#"["Open a bridge call", "  Freeze deploys  "]"#).get()
        #expect(configuration.severity(named: "SEV1")?.checklist == ["Open a bridge call", "Freeze deploys"])
        #expect(configuration.service(named: "checkout")?.runbook == "https://wiki.example.com/runbooks/checkout")
    }

    @Test func theEmbeddedDefaultHasASEV0ChecklistAndACheckoutRunbook() throws {
        let configuration = try ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration
        #expect(configuration.severity(named: "SEV0")?.checklist.count == 4)
        #expect(configuration.service(named: "checkout")?.runbook?.hasPrefix("https://") == true)
    }

    @Test(arguments: ["ftp://wiki.example.com/x", "wiki.example.com/runbooks", "https://", "javascript:alert(1)", "https://wiki.example.com/a|b"])
    func aRunbookMustBeAnHTTPURL(runbook: String) {
        let found = problems("[]", runbook: runbook)
        #expect(found.count == 1)
        #expect(found.first?.contains("`services[0].runbook` must be an http or https URL") == true)
    }

    @Test func checklistItemsMustBeShortDistinctAndNotEmpty() {
        #expect(problems(#"["", "Freeze deploys"]"#).first?.contains("has an empty item") == true)
        let long = String(repeating: "a", count: 76)
        #expect(problems("[\"\(long)\"]").first?.contains("76 characters on one line; an item is a button label, one line of at most 75 characters") == true)
        #expect(problems("[\"\(String(repeating: "a", count: 75))\"]").isEmpty)
        #expect(problems(#"["Freeze deploys", "Freeze deploys"]"#).first?.contains("lists `Freeze deploys` twice") == true)
        let many = (1...51).map { "\"Step \($0)\"" }.joined(separator: ", ")
        #expect(problems("[\(many)]").first?.contains("has 51 items; keep it to at most 50") == true)
    }
}
