"""The members of SSR as the seed document names them (DESIGN.md, shared/data/README.md).

Municipalities come from the population file (names and kommunkoder from SCB); the
other members are listed here. Organisation numbers are given only where verified;
the rest are left empty rather than guessed.
"""

from .models import Organisation

K = Organisation.Kind

# (name, short name, kind, organisation number)
OTHER_MEMBERS = [
    ("Länsstyrelsen Stockholm", "Länsstyrelsen", K.COUNTY_BOARD, ""),
    ("Region Stockholm", "Region Stockholm", K.REGION, "232100-0016"),
    ("Polismyndigheten Region Stockholm", "Polisen", K.AGENCY, "202100-0076"),
    (
        "Försvarsmakten Mellersta militärregionen",
        "Försvarsmakten MR M",
        K.AGENCY,
        "202100-4615",
    ),
    ("SOS Alarm", "SOS Alarm", K.COMPANY, ""),
    ("Trafikverket", "Trafikverket", K.AGENCY, "202100-6297"),
    ("Kustbevakningen", "Kustbevakningen", K.AGENCY, ""),
    ("Stockholms Hamnar", "Stockholms Hamnar", K.COMPANY, ""),
    ("Storstockholms brandförsvar", "SSBF", K.FEDERATION, ""),
    ("Södertörns brandförsvarsförbund", "SBFF", K.FEDERATION, ""),
    ("Brandkåren Attunda", "Attunda", K.FEDERATION, ""),
]

# SSR itself: not a member, but the recipient of the members' decisions.
NETWORK = ("Samverkan Stockholmsregionen", "SSR", K.NETWORK, "")

# The official names of the county's municipalities by kommunkod; the population
# file has the short names ("Huddinge").
MUNICIPALITY_NAMES = {
    "0114": "Upplands Väsby kommun",
    "0115": "Vallentuna kommun",
    "0117": "Österåkers kommun",
    "0120": "Värmdö kommun",
    "0123": "Järfälla kommun",
    "0125": "Ekerö kommun",
    "0126": "Huddinge kommun",
    "0127": "Botkyrka kommun",
    "0128": "Salems kommun",
    "0136": "Haninge kommun",
    "0138": "Tyresö kommun",
    "0139": "Upplands-Bro kommun",
    "0140": "Nykvarns kommun",
    "0160": "Täby kommun",
    "0162": "Danderyds kommun",
    "0163": "Sollentuna kommun",
    "0180": "Stockholms stad",
    "0181": "Södertälje kommun",
    "0182": "Nacka kommun",
    "0183": "Sundbybergs stad",
    "0184": "Solna stad",
    "0186": "Lidingö stad",
    "0187": "Vaxholms stad",
    "0188": "Norrtälje kommun",
    "0191": "Sigtuna kommun",
    "0192": "Nynäshamns kommun",
}
