import Foundation
import TocsinApp

/// The pacer's knowledge of recent calls, handed from one delivering replica to the next (see ``CallHistory``).
extension SlackWebClient {
    public func callHistory() async -> CallHistory {
        CallHistory(calls: await pacer.history(at: Date()))
    }

    public func adoptCallHistory(_ history: CallHistory) async {
        await pacer.adopt(history.calls, at: Date())
    }
}
