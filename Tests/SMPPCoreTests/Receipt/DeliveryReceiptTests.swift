// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@Suite struct DeliveryReceiptTests {
    @Test("parses the SMPP 3.4 Appendix B example")
    func specExample() throws {
        let text =
            "id:0123456789 sub:001 dlvrd:001 submit date:0610191018 done date:0610191018 stat:DELIVRD err:000 "
            + "Text:Hello World, how a"
        let receipt = try #require(DeliveryReceipt(parsing: text))
        #expect(receipt.messageID == "0123456789")
        #expect(receipt.submitted == 1)
        #expect(receipt.delivered == 1)
        let submit = try #require(receipt.submitDate)
        #expect(
            [submit.year, submit.month, submit.day, submit.hour, submit.minute, submit.second] == [
                2006, 10, 19, 10, 18, 0,
            ]
        )
        #expect(submit.raw == "0610191018")
        #expect(receipt.doneDate == submit)
        #expect(receipt.stat == "DELIVRD")
        #expect(receipt.state == .delivered)
        #expect(receipt.error == "000")
        #expect(receipt.text == "Hello World, how a")
    }

    @Test(
        "accepts 10-, 12- and 14-digit dates",
        arguments: [
            ("2301311259", [2023, 1, 31, 12, 59, 0]),
            ("230131125907", [2023, 1, 31, 12, 59, 7]),
            ("20230131125907", [2023, 1, 31, 12, 59, 7]),
            ("19991231235959", [1999, 12, 31, 23, 59, 59]),
        ]
    )
    func dates(raw: String, components: [Int]) throws {
        let receipt = try #require(
            DeliveryReceipt(parsing: "id:1 submit date:\(raw) done date:\(raw) stat:DELIVRD err:000")
        )
        let date = try #require(receipt.doneDate)
        #expect([date.year, date.month, date.day, date.hour, date.minute, date.second] == components)
        #expect(date.raw == raw)
        #expect(receipt.submitDate == date)
    }

    @Test(
        "an implausible or odd-length date becomes nil, the receipt survives",
        arguments: ["2313011200", "23010112", "2301011260", "23O1011200"]
    )
    func badDate(raw: String) throws {
        let receipt = try #require(DeliveryReceipt(parsing: "id:1 done date:\(raw) stat:EXPIRED"))
        #expect(receipt.doneDate == nil)
        #expect(receipt.state == .expired)
    }

    @Test("accepts hex and long ids up to 64 characters")
    func ids() throws {
        #expect(DeliveryReceipt(parsing: "id:7f3a9c0e2b stat:DELIVRD")?.messageID == "7f3a9c0e2b")
        let long = String(repeating: "ab", count: 32)
        #expect(DeliveryReceipt(parsing: "id:\(long) stat:DELIVRD")?.messageID == long)
        #expect(DeliveryReceipt(parsing: "id:\(long)c stat:DELIVRD") == nil)
    }

    @Test(
        "accepts case, spacing and underscore variants",
        arguments: [
            "ID:42 SUB:001 DLVRD:001 SUBMIT DATE:2301311259 DONE DATE:2301311300 STAT:UNDELIV ERR:001 TEXT:hi there",
            "id : 42 sub : 001 dlvrd : 001 submit date : 2301311259 done date : 2301311300 stat : UNDELIV err : 001 text : hi there",
            "id:42  sub:001  dlvrd:001  submit_date:2301311259  done_date:2301311300  stat:undeliv  err:001  Text:hi there",
            "id:42 sub:001 dlvrd:001 submitdate:2301311259 donedate:2301311300 stat:Undeliv err:001 text:hi there",
            "err:001 stat:UNDELIV done date:2301311300 submit  date:2301311259 dlvrd:001 sub:001 id:42 text:hi there",
        ]
    )
    func variants(text: String) throws {
        let receipt = try #require(DeliveryReceipt(parsing: text))
        #expect(receipt.messageID == "42")
        #expect(receipt.submitted == 1 && receipt.delivered == 1)
        #expect(receipt.submitDate?.minute == 59)
        #expect(receipt.doneDate?.hour == 13)
        #expect(receipt.state == .undeliverable)
        #expect(receipt.error == "001")
        #expect(receipt.text == "hi there")
    }

    @Test("optional fields may be missing")
    func missingFields() throws {
        let receipt = try #require(
            DeliveryReceipt(parsing: "id:99 submit date:2301311259 done date:2301311300 stat:ACCEPTD err:000")
        )
        #expect(receipt.submitted == nil && receipt.delivered == nil && receipt.text == nil)
        #expect(receipt.state == .accepted)
        let minimal = try #require(DeliveryReceipt(parsing: "id:99 stat:REJECTD"))
        #expect(minimal.error == nil && minimal.submitDate == nil)
        #expect(minimal.state == .rejected)
    }

    @Test("an empty value before the next key stays empty")
    func emptyValue() throws {
        let receipt = try #require(DeliveryReceipt(parsing: "id:5 sub: dlvrd:001 stat:DELIVRD err: text:"))
        #expect(receipt.submitted == nil)
        #expect(receipt.delivered == 1)
        #expect(receipt.error == "")
        #expect(receipt.text == "")
    }

    @Test("keys inside the text field are text, and unknown keys are skipped")
    func textIsLast() throws {
        let receipt = try #require(DeliveryReceipt(parsing: "id:1 mcc:234 stat:DELIVRD err:000 text:id:2 stat:REJECTD"))
        #expect(receipt.messageID == "1")
        #expect(receipt.state == .delivered)
        #expect(receipt.text == "id:2 stat:REJECTD")
    }

    @Test("an unknown stat word keeps the raw text and has no state")
    func unknownStat() throws {
        let receipt = try #require(DeliveryReceipt(parsing: "id:1 stat:FAILED err:069"))
        #expect(receipt.stat == "FAILED")
        #expect(receipt.state == nil)
    }

    @Test(
        "text that is not a receipt gives nil",
        arguments: ["", "hello world", "my id: 42", "id: stat:DELIVRD", "stat:DELIVRD err:000", "valid:1 stat:DELIVRD"]
    )
    func notAReceipt(text: String) {
        #expect(DeliveryReceipt(parsing: text) == nil)
    }

    @Test("formatted() writes canonical Appendix B text")
    func formatted() throws {
        #expect(ReceiptDate(year: 2024, month: 2, day: 32, hour: 8, minute: 5) == nil)
        #expect(ReceiptDate(year: 2024, month: 13, day: 1, hour: 8, minute: 5) == nil)
        let receipt = DeliveryReceipt(
            messageID: "abc123",
            submitted: 1,
            delivered: 1,
            submitDate: ReceiptDate(year: 2024, month: 2, day: 29, hour: 8, minute: 5),
            doneDate: ReceiptDate(year: 2024, month: 2, day: 29, hour: 8, minute: 6, second: 30),
            state: .delivered,
            error: "000",
            text: "Your code is 1234"
        )
        #expect(
            receipt.formatted()
                == "id:abc123 sub:001 dlvrd:001 submit date:2402290805 done date:2402290806 stat:DELIVRD err:000 "
                + "text:Your code is 1234"
        )
        #expect(receipt.formatted(includingSeconds: true).contains("done date:240229080630 "))
    }

    @Test("formatted() round-trips through parsing", arguments: MessageState.allSMPP34)
    func roundTrip(state: MessageState) throws {
        let receipt = DeliveryReceipt(
            messageID: "4F2A\(state.rawValue)",
            submitted: 3,
            delivered: Int(state.rawValue) % 4,
            submitDate: ReceiptDate(year: 2031, month: 12, day: 1, hour: 0, minute: 0),
            doneDate: ReceiptDate(year: 2031, month: 12, day: 1, hour: 23, minute: 59),
            state: state,
            error: "0\(state.rawValue)0",
            text: "café id:9 😀"
        )
        #expect(DeliveryReceipt(parsing: receipt.formatted()) == receipt)
        var sparse = receipt
        (sparse.submitted, sparse.delivered, sparse.submitDate, sparse.error, sparse.text) = (nil, nil, nil, nil, nil)
        #expect(DeliveryReceipt(parsing: sparse.formatted()) == sparse)
    }

    @Test("description leaves out the message text")
    func redaction() throws {
        let receipt = try #require(DeliveryReceipt(parsing: "id:1 stat:DELIVRD err:000 text:secret 1234"))
        #expect(!receipt.description.contains("secret"))
        #expect(receipt.description.contains("DELIVRD"))
    }
}

extension MessageState {
    static let allSMPP34: [MessageState] = (1...8).map { MessageState(rawValue: $0) }
}
