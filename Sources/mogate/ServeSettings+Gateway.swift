// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import MOGateway
import NIOCore
import PhoneNumbers
import SMPPFaults
import SMPPNIO

extension ServeSettings {
    /// The checks that need every source resolved: a setting may come from the file and its partner from a flag.
    func validate() throws {
        if self.smppTLSPort != nil, self.tlsCert == nil || self.tlsKey == nil {
            throw ValidationError("--smpp-tls-port needs --tls-cert and --tls-key")
        }
        for specification in self.account {
            do { _ = try SMPPAccount(specification: specification) } catch {
                throw ValidationError("--account takes SYSTEM_ID:PASSWORD[?LIMITS]: \(error)")
            }
        }
        if let path = self.accountsFile { _ = try HardeningOptions.accounts(fromFile: path) }
        for url in self.upstream {
            do { _ = try UpstreamURL(url) } catch { throw ValidationError("--upstream: \(error)") }
        }
        guard RegionCode(self.defaultCountry) != nil else {
            throw ValidationError("--default-country takes an ISO 3166 alpha-2 code, such as GB or US")
        }
        for (key, url) in [("webhook-url", self.webhookURL), ("webhook-dlr-url", self.webhookDLRURL)] {
            if let url, URL(string: url)?.scheme == nil {
                throw ValidationError("\(SettingName(key: key)) must be an absolute URL")
            }
        }
        if let path = self.webhookCAFile {
            do { _ = try WebhookConfiguration.checkCAFile(path) } catch {
                throw ValidationError("\(SettingName(key: "webhook-ca-file")): no PEM certificate read from \(path)")
            }
        }
        _ = try self.receiptProfileValue()
        _ = try self.intermediateStateValue()
        if let profile = self.profile {
            do { _ = try FailureProfile.load(profile) } catch { throw ValidationError("--profile: \(error)") }
        }
        try self.validateVerifier()
    }

    func gatewayConfiguration() throws -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.smpp.host = self.host
        configuration.smpp.port = self.smppPort
        configuration.smpp.accounts = try self.account.map { try SMPPAccount(specification: $0) }
        configuration.smpp.session.bindTimeout = .seconds(Int64(self.bindTimeout))
        configuration.smpp.session.enquireLinkInterval = .seconds(Int64(self.enquireLinkInterval))
        if let profile = self.profile {
            configuration.smpp.session.faults = FaultInjector(defaultProfile: try FailureProfile.load(profile))
        }
        if let port = self.smppTLSPort, let certificate = self.tlsCert, let key = self.tlsKey {
            configuration.smpp.tls = try SMPPServer.TLSListener(
                port: port,
                certificateFile: certificate,
                privateKeyFile: key
            )
        }
        for url in self.upstream {
            var upstream = try UpstreamURL(url).configuration
            upstream.session.enquireLinkInterval = configuration.smpp.session.enquireLinkInterval
            configuration.upstreams.append(upstream)
        }
        configuration.httpHost = self.host
        configuration.httpPort = self.httpPort
        configuration.store = SQLiteMessageStore.Configuration(
            dataDirectory: self.dataDir,
            durability: self.durability,
            backlogLimit: self.backlogLimit
        )
        if let url = self.webhookURL {
            configuration.webhook = WebhookConfiguration(
                url: url,
                dlrURL: self.webhookDLRURL,
                format: self.webhookFormat,
                secret: self.webhookSecret,
                caFile: self.webhookCAFile,
                pipelining: self.webhookPipelining
            )
        }
        configuration.defaultCountry = RegionCode(self.defaultCountry)!
        configuration.ackMode = self.ack
        configuration.reassemblyTimeout = .seconds(self.reassemblyTimeout)
        configuration.retention = .seconds(self.retention)
        configuration.adminToken = self.adminToken
        configuration.webhookTransport = self.webhookTransport
        try self.applyLimits(to: &configuration)
        try self.applyEmulator(to: &configuration)
        return configuration
    }
}
