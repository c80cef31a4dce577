#!/usr/bin/env perl
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# An SMSC built on Perl's Net::SMPP (Debian libnet-smpp-perl): accepts one ESME bind (receiver, transceiver or
# transmitter), pushes deliver_sm to it, and reports each deliver_sm_resp as one JSON line. It exists beside
# smpp34_server.py because smpp34 1.5.0 cannot complete a deliver_sm to a session bound as receiver (see README).
#
# Usage: netsmpp_server.pl [--host 127.0.0.1] [--port 0] [--system-id NETSMPP] [--messages JSON] [--timeout 30]
#                          [--password PW] [--wait-unbind]
# --messages: a JSON list of {from, to, text, data_coding (0 GSM 03.38 unpacked, 3 Latin-1, 8 UCS-2),
#             source_ton, source_npi, dest_ton, dest_npi (default 1), esm_class}.
# --password: refuse other passwords with ESME_RINVPASWD (0x0E) and wait for the next connection.
# JSON lines: listening {port}, bind {command, system_id, password, system_type, interface_version, addr_ton,
#             addr_npi, address_range}, deliver_sm_resp {index, status, message_id, short_message_hex},
#             enquire_link, unbind, done {ok}. Exit 0 when every deliver_sm_resp had status 0.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;
use Encode qw(encode);
use IO::Select;
use Time::HiRes qw(time);
use Net::SMPP;

my ($host, $port, $system_id, $messages_json, $timeout, $password, $wait_unbind) =
    ('127.0.0.1', 0, 'NETSMPP', '[]', 30, undef, 0);
GetOptions('host=s' => \$host, 'port=i' => \$port, 'system-id=s' => \$system_id, 'messages=s' => \$messages_json,
    'timeout=f' => \$timeout, 'password=s' => \$password, 'wait-unbind' => \$wait_unbind) or exit 64;
my $json = JSON::PP->new->canonical(1)->utf8(1);
my $messages = $json->decode($messages_json);
$| = 1;
my $started = time;
sub emit { my %fields = @_; $fields{t} = sprintf('%.3f', time - $started) + 0; print $json->encode(\%fields), "\n"; }

local $SIG{ALRM} = sub { emit(event => 'done', ok => JSON::PP::false, reason => "timed out after ${timeout}s"); exit 2; };
alarm int($timeout + 0.999);

my @gsm = split //, "\@\x{a3}\$\x{a5}\x{e8}\x{e9}\x{f9}\x{ec}\x{f2}\x{c7}\n\x{d8}\x{f8}\r\x{c5}\x{e5}\x{394}_\x{3a6}"
    . "\x{393}\x{39b}\x{3a9}\x{3a0}\x{3a8}\x{3a3}\x{398}\x{39e}\x{1b}\x{c6}\x{e6}\x{df}\x{c9} !\"#\x{a4}%&'()*+,-./0123456789"
    . ":;<=>?\x{a1}ABCDEFGHIJKLMNOPQRSTUVWXYZ\x{c4}\x{d6}\x{d1}\x{dc}\x{a7}\x{bf}abcdefghijklmnopqrstuvwxyz\x{e4}"
    . "\x{f6}\x{f1}\x{fc}\x{e0}";
my %gsm_basic = map { ($gsm[$_] => $_) } grep { $_ != 0x1b } 0 .. $#gsm;
my %gsm_extension = ("\f" => 0x0a, '^' => 0x14, '{' => 0x28, '}' => 0x29, '\\' => 0x2f, '[' => 0x3c, '~' => 0x3d,
    ']' => 0x3e, '|' => 0x40, "\x{20ac}" => 0x65);

sub gsm_encode {
    my ($text) = @_;
    my $out = '';
    for my $ch (split //, $text) {
        if (exists $gsm_basic{$ch}) { $out .= chr($gsm_basic{$ch}); }
        elsif (exists $gsm_extension{$ch}) { $out .= "\x1b" . chr($gsm_extension{$ch}); }
        else { die sprintf("not in GSM 03.38: U+%04X\n", ord $ch); }
    }
    return $out;
}

sub encode_text {
    my ($text, $dc) = @_;
    return gsm_encode($text) if $dc == 0;
    return encode('UTF-16BE', $text) if $dc == 8;
    return encode('iso-8859-1', $text) if $dc == 3 || $dc == 1;
    die "no text encoding for data_coding $dc\n";
}

# Net::SMPP waits 5 s for a connection by default; the ESME may take longer to start on a loaded machine.
my $listener = Net::SMPP->new_listen($host, port => $port, smpp_version => 0x34, timeout => $timeout)
    or die "cannot listen on $host:$port: $!\n";
emit(event => 'listening', host => $host, port => $listener->sockport, netsmpp_version => $Net::SMPP::VERSION);

my %names = (0x00000001 => 'bind_receiver', 0x00000002 => 'bind_transmitter', 0x00000009 => 'bind_transceiver');
my ($conn, $bind);
while (!$conn) {
    my $candidate = $listener->accept or die "accept failed: $!\n";
    my $pdu = $candidate->read_pdu or do { emit(event => 'disconnected_before_bind'); next; };
    my $name = $names{$pdu->{cmd}};
    if (!$name) {
        emit(event => 'unexpected_pdu', command_id => sprintf('0x%08x', $pdu->{cmd}));
        $candidate->generic_nack(seq => $pdu->{seq}, status => 0x04);
        next;
    }
    my %fields = (event => 'bind', command => $name, system_id => $pdu->{system_id}, password => $pdu->{password},
        system_type => $pdu->{system_type}, interface_version => sprintf('0x%02x', $pdu->{interface_version}),
        addr_ton => $pdu->{addr_ton}, addr_npi => $pdu->{addr_npi}, address_range => $pdu->{address_range});
    my $resp = "${name}_resp";
    if (defined $password && $pdu->{password} ne $password) {
        $candidate->$resp(seq => $pdu->{seq}, status => 0x0E, system_id => $system_id);
        emit(%fields, answered => 0x0E);
        close $candidate;
        next;
    }
    $candidate->$resp(seq => $pdu->{seq}, system_id => $system_id);
    emit(%fields, answered => 0);
    ($conn, $bind) = ($candidate, $name);
}

# Reads PDUs until the response `$want` with `$seq` arrives; answers enquire_link and unbind on the way.
my $unbound = 0;
sub await_pdu {
    my ($want, $seq) = @_;
    while (1) {
        my $pdu = $conn->read_pdu or return undef;
        return $pdu if defined $want && $pdu->{cmd} == $want && $pdu->{seq} == $seq;
        if ($pdu->{cmd} == 0x00000015) {
            $conn->enquire_link_resp(seq => $pdu->{seq});
            emit(event => 'enquire_link', sequence => $pdu->{seq});
        } elsif ($pdu->{cmd} == 0x00000006) {
            $conn->unbind_resp(seq => $pdu->{seq});
            emit(event => 'unbind', sequence => $pdu->{seq});
            $unbound = 1;
            return undef;
        } elsif ($pdu->{cmd} == 0x80000000) {
            emit(event => 'generic_nack', status => $pdu->{status}, sequence => $pdu->{seq});
            return $pdu if defined $seq && $pdu->{seq} == $seq;
        } else {
            emit(event => 'unexpected_pdu', command_id => sprintf('0x%08x', $pdu->{cmd}), sequence => $pdu->{seq});
            $conn->generic_nack(seq => $pdu->{seq}, status => 0x03) unless $pdu->{cmd} & 0x80000000;
        }
    }
}

my $ok = 1;
my $index = 0;
for my $message (@$messages) {
    my $dc = $message->{data_coding} // 0;
    my $short_message = encode_text($message->{text}, $dc);
    my $seq = $conn->deliver_sm(
        async => 1,
        source_addr_ton => $message->{source_ton} // 1, source_addr_npi => $message->{source_npi} // 1,
        source_addr => $message->{from},
        dest_addr_ton => $message->{dest_ton} // 1, dest_addr_npi => $message->{dest_npi} // 1,
        destination_addr => $message->{to},
        esm_class => $message->{esm_class} // 0, data_coding => $dc, short_message => $short_message);
    my $resp = await_pdu(0x80000005, $seq);
    if (!$resp) {
        emit(event => 'deliver_sm_resp', index => $index, status => -1, reason => 'session ended');
        $ok = 0;
        last;
    }
    emit(event => 'deliver_sm_resp', index => $index, status => $resp->{status}, sequence => $seq,
        command_id => sprintf('0x%08x', $resp->{cmd}), message_id => $resp->{message_id} // '',
        short_message_hex => unpack('H*', $short_message), data_coding => $dc, bind => $bind);
    $ok = 0 if $resp->{status} != 0 || $resp->{cmd} != 0x80000005;
    $index++;
}
await_pdu(undef, undef) if $wait_unbind && !$unbound;
emit(event => 'done', ok => $ok ? JSON::PP::true : JSON::PP::false, unbound => $unbound ? JSON::PP::true : JSON::PP::false);
close $conn;
exit($ok ? 0 : 1);
