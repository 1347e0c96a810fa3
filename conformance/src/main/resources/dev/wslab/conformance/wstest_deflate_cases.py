# Autobahn TestSuite sections 12 and 13 (permessage-deflate, RFC 7692) for wslab's conformance gate (Jython 2.7).
#
# The suite inside autobahntestsuite-maven-plugin 0.1.5 (autobahntestsuite 0.5.6 on autobahn 0.6.4) has the
# compression machinery (autobahn.compress, RSV1 handling, the test data files) but not the case classes of
# sections 12 and 13, which upstream added later (autobahntestsuite/case/case12_x_x.py). This module recreates
# them with upstream's numbering, sizes, offers and acceptors, so that "12.2.3" here is the case of that number
# in the published suite, and registers them with the suite's case list. Differences, all of them API-level:
# autobahn 0.6.4's 'autobahn.compress' module instead of 'autobahn.websocket.compress', and payloads handled
# as byte strings (Python 2) as in the 2014 version of the cases.
#
# A case sends COUNT messages of LEN bytes cut from a test data file, each after the previous echo came back,
# with AUTOFRAGSIZE-byte frames when that is not 0, and checks each echo (type, length, SHA-1), then closes
# with 1000. Without an agreed permessage-deflate the case is UNIMPLEMENTED.
import copy
import hashlib
import binascii
import pkg_resources

from autobahntestsuite import case as suite_cases
from autobahntestsuite.case.case import Case
from autobahn.compress import PerMessageDeflateOffer, PerMessageDeflateOfferAccept, \
    PerMessageDeflateResponse, PerMessageDeflateResponseAccept

# (payload length, message count, case timeout in seconds, auto-fragment size): upstream's list.
MSG_SIZES = [
    (16, 1000, 60, 0),
    (64, 1000, 60, 0),
    (256, 1000, 120, 0),
    (1024, 1000, 240, 0),
    (4096, 1000, 480, 0),
    (8192, 1000, 480, 0),
    (16384, 1000, 480, 0),
    (32768, 1000, 480, 0),
    (65536, 1000, 480, 0),
    (131072, 1000, 480, 0),

    (8192, 1000, 480, 256),
    (16384, 1000, 480, 256),
    (32768, 1000, 480, 256),
    (65536, 1000, 480, 256),
    (131072, 1000, 480, 256),
    (131072, 1000, 480, 1024),
    (131072, 1000, 480, 4096),
    (131072, 1000, 480, 32768),
]

WS_COMPRESSION_TESTDATA = {
    'gutenberg_faust': {'desc': "Human readable text, Goethe's Faust I (German)", 'file': 'pg2229.txt', 'binary': True},
    'lena512': {'desc': 'Lena Picture, Bitmap 512x512 bw', 'file': 'lena512.bmp', 'binary': True},
    'ooms': {'desc': 'A larger PDF', 'file': '10.1.1.105.5439.pdf', 'binary': True},
    'json_data1': {'desc': 'Large JSON data file', 'file': 'data1.json', 'binary': False},
    'html_data1': {'desc': 'Large HTML file', 'file': 'data1.html', 'binary': False},
}

# Upstream's order (the historical Python 2 dict order): 12.1 JSON, 12.2 bitmap, 12.3 Faust, 12.4 HTML, 12.5 PDF.
WS_COMPRESSION_TESTDATA_KEYS = ['json_data1', 'lena512', 'gutenberg_faust', 'html_data1', 'ooms']


_TEST_DATA_BYTES = {}


def test_data_bytes(data):
    # The files sit inside the suite's jar, where resource_filename gives no real path: read them as resources.
    name = data['file']
    if name not in _TEST_DATA_BYTES:
        _TEST_DATA_BYTES[name] = pkg_resources.resource_string("autobahntestsuite", "testdata/%s" % name)
    return _TEST_DATA_BYTES[name]


def __init__(self, protocol):
    Case.__init__(self, protocol)


def init(self):
    self.reportTime = True
    self.reportCompressionRatio = True
    self.expectedClose = {"closedByMe": True,
                          "closeCode": [self.p.CLOSE_STATUS_CODE_NORMAL],
                          "requireClean": True}
    if self.p.factory.isServer:
        # The suite is the server: the client under test offers, SERVER_ACCEPT answers.
        self.p.perMessageCompressionAccept = lambda offers: self.SERVER_ACCEPT(offers)
    else:
        # The suite is the client: it offers CLIENT_OFFERS and takes any permessage-deflate answer.
        self.p.perMessageCompressionOffers = self.CLIENT_OFFERS

        def accept(response):
            if isinstance(response, PerMessageDeflateResponse):
                return PerMessageDeflateResponseAccept(response)

        self.p.perMessageCompressionAccept = accept
    self.payloadRXPtr = 0
    self.testData = test_data_bytes(self.TESTDATA)
    self.testDataLen = len(self.testData)


def onOpen(self):
    self.p.enableWirelog(False)
    self.p.autoFragmentSize = self.AUTOFRAGSIZE
    if self.p._perMessageCompress is None:
        self.behavior = Case.UNIMPLEMENTED
        self.result = "permessage-deflate was not agreed in the opening handshake."
        self.p.sendClose(self.p.CLOSE_STATUS_CODE_NORMAL)
    else:
        self.behavior = Case.FAILED
        self.result = "Case did not finish within %d seconds." % self.WAITSECS
        self.p.closeAfter(self.WAITSECS)
        self.count = 0
        self.sendOne()


def sendOne(self):
    if self.LEN > 0:
        idxFrom = self.payloadRXPtr
        idxTo = (self.payloadRXPtr + self.LEN) % self.testDataLen
        if idxTo > idxFrom:
            msg = self.testData[idxFrom:idxTo]
        else:
            msg = self.testData[idxFrom:] + self.testData[:idxTo]
        self.payloadRXPtr = idxTo
    else:
        msg = ''
    # Text cases cut the UTF-8 file at byte offsets, as upstream's Python 2 cases did; the JSON file is ASCII.
    self._expected_hash = hashlib.sha1(msg).digest()
    self.p.sendMessage(msg, self.TESTDATA['binary'])
    self.count += 1


def onMessage(self, msg, binary):
    received_hash = hashlib.sha1(msg).digest()
    if binary != self.TESTDATA['binary'] or len(msg) != self.LEN or received_hash != self._expected_hash:
        self.behavior = Case.FAILED
        self.p.enableWirelog(True)
        self.p.sendClose(self.p.CLOSE_STATUS_CODE_NORMAL)
        if binary != self.TESTDATA['binary']:
            self.result = "Echo'ed message type differs from what I sent (got binary %s, expected binary %s)." % (
                binary, self.TESTDATA['binary'])
        elif len(msg) != self.LEN:
            self.result = "Echo'ed message length differs from what I sent (got length %d, expected length %d)." % (
                len(msg), self.LEN)
        else:
            self.result = "Echo'ed message contents differs from what I sent (got SHA1 %s, expected SHA1 %s)." % (
                binascii.hexlify(received_hash), binascii.hexlify(self._expected_hash))
    elif self.count < self.COUNT:
        self.sendOne()
    else:
        self.behavior = Case.OK
        self.result = "Ok, received all echo'ed messages in time."
        self.trafficStats = copy.deepcopy(self.p.trafficStats)
        self.p.enableWirelog(True)
        self.p.sendClose(self.p.CLOSE_STATUS_CODE_NORMAL)


def make_case(name, size, data, offers, acceptor, description):
    return type(name, (object, Case,), {
        "LEN": size[0],
        "COUNT": size[1],
        "WAITSECS": size[2],
        "AUTOFRAGSIZE": size[3],
        "CLIENT_OFFERS": offers,
        "SERVER_ACCEPT": staticmethod(acceptor),
        "TESTDATA": data,
        "DESCRIPTION": description,
        "EXPECTATION": "Receive echo'ed messages (with payload as sent). Timeout case after %d secs." % size[2],
        "__init__": __init__,
        "init": init,
        "onOpen": onOpen,
        "onMessage": onMessage,
        "sendOne": sendOne,
    })


# ---- Section 12: the default offer, five kinds of data, every size ----

def accept_deflate(offers):
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            return PerMessageDeflateOfferAccept(offer)


Case12_X_X = []
Case12_X_X_CaseSubCategories = {}

j = 1
for td in WS_COMPRESSION_TESTDATA_KEYS:
    data = WS_COMPRESSION_TESTDATA[td]
    Case12_X_X_CaseSubCategories['12.%d' % j] = data["desc"] + (" (%s, %s bytes)" % (
        "binary" if data["binary"] else "utf8", len(test_data_bytes(data))))
    i = 1
    for s in MSG_SIZES:
        Case12_X_X.append(make_case("Case12_%d_%d" % (j, i), s, data, [PerMessageDeflateOffer()], accept_deflate,
                                    "Send %d compressed messages each of payload size %d, auto-fragment to %s octets. "
                                    "Use default permessage-deflate offer." % (s[1], s[0], s[3])))
        i += 1
    j += 1


# ---- Section 13: the JSON file with each combination of offer and answer parameters ----

def accept1(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(False, 0)]"""
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            return PerMessageDeflateOfferAccept(offer)


def accept2(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(True, 0)]"""
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            if offer.acceptNoContextTakeover:
                return PerMessageDeflateOfferAccept(offer, requestNoContextTakeover=True)


def accept3(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(False, 9)]"""
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            if offer.acceptMaxWindowBits:
                return PerMessageDeflateOfferAccept(offer, requestMaxWindowBits=9)


def accept4(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(False, 15)]"""
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            if offer.acceptMaxWindowBits:
                return PerMessageDeflateOfferAccept(offer, requestMaxWindowBits=15)


def accept5(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(True, 9)]"""
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            if offer.acceptNoContextTakeover and offer.acceptMaxWindowBits:
                return PerMessageDeflateOfferAccept(offer, requestMaxWindowBits=9, requestNoContextTakeover=True)


def accept6(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(True, 15)]"""
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            if offer.acceptNoContextTakeover and offer.acceptMaxWindowBits:
                return PerMessageDeflateOfferAccept(offer, requestMaxWindowBits=15, requestNoContextTakeover=True)


def accept7(offers):
    """server accept (requestNoContextTakeover, requestMaxWindowBits): [(True, 9), (True, 0), (False, 0)]"""
    return accept5(offers) or accept2(offers) or accept1(offers)


DEFLATE_PARAMS = [
    (accept1, [PerMessageDeflateOffer()]),
    (accept2, [PerMessageDeflateOffer(requestNoContextTakeover=True, requestMaxWindowBits=0)]),
    (accept3, [PerMessageDeflateOffer(requestNoContextTakeover=False, requestMaxWindowBits=9)]),
    (accept4, [PerMessageDeflateOffer(requestNoContextTakeover=False, requestMaxWindowBits=15)]),
    (accept5, [PerMessageDeflateOffer(requestNoContextTakeover=True, requestMaxWindowBits=9)]),
    (accept6, [PerMessageDeflateOffer(requestNoContextTakeover=True, requestMaxWindowBits=15)]),
    (accept7, [PerMessageDeflateOffer(requestNoContextTakeover=True, requestMaxWindowBits=9),
               PerMessageDeflateOffer(requestNoContextTakeover=True),
               PerMessageDeflateOffer()]),
]

Case13_X_X = []
Case13_X_X_CaseSubCategories = {}

TEST_DATA = WS_COMPRESSION_TESTDATA['json_data1']
j = 1
for acceptor, offers in DEFLATE_PARAMS:
    co_desc = "client offers (requestNoContextTakeover, requestMaxWindowBits): %s" % (
        [(x.requestNoContextTakeover, x.requestMaxWindowBits) for x in offers],)
    Case13_X_X_CaseSubCategories['13.%d' % j] = TEST_DATA["desc"] + (" (utf8, %s bytes)" % len(test_data_bytes(TEST_DATA))) + " - " + co_desc + " / " + acceptor.__doc__.strip()
    i = 1
    for s in MSG_SIZES:
        Case13_X_X.append(make_case("Case13_%d_%d" % (j, i), s, TEST_DATA, offers, acceptor,
                                    "Send %d compressed messages each of payload size %d, auto-fragment to %s octets. "
                                    "Use permessage-deflate %s" % (s[1], s[0], s[3], co_desc)))
        i += 1
    j += 1


def register():
    """Adds sections 12 and 13 to the suite's case list (the list the fuzzing factories read)."""
    suite_cases.Cases.extend(Case12_X_X)
    suite_cases.Cases.extend(Case13_X_X)
    suite_cases.CaseCategories["12"] = "WebSocket Compression (different payloads)"
    suite_cases.CaseCategories["13"] = "WebSocket Compression (different parameters)"
    suite_cases.CaseSubCategories.update(Case12_X_X_CaseSubCategories)
    suite_cases.CaseSubCategories.update(Case13_X_X_CaseSubCategories)
