"""The seed document (shared/seed/malbild-ssr-2023-2026-tjansteskrivelse.txt) as the
demo Målbild case's tjänsteskrivelse, section by section, in the portal's markup
(ssr_portal/lib/markup.py). The wording is the seed's, including its slips
("Kommunstyrelsen förvaltning", "Samverkan stockholmsregionen")."""

TITLE = "Målbild Samverkan Stockholmsregionen 2023-2026"

_AIM = (
    "> Att tillsammans skapa trygghet, säkerhet och effektiv hantering av "
    "samhällsstörningar i regionen i vardag, kris och höjd beredskap. Detta sker "
    "genom att; stärka samhällets förmåga att upprätthålla viktiga samhällsfunktioner "
    "samt inrikta och samordna regionens resurser för att kunna förebygga och "
    "minimera oönskade effekter av kända eller plötsligt inträffade händelser."
)

_VISIONS = (
    "Som styrning och prioritering för det gemensamma arbetet över tid ingår att "
    "formulera gemensamma målbilder. Dessa ska omfatta kommande fyraårsperiod "
    "och uppdateras i samband med ny mandatperiod."
)

_OPINION = (
    "Kommunstyrelsens förvaltning anser att givet det komplexa omvärldsläge som "
    "råder är den framtagna gemensamma målbilden för perioden 2023-2026 en bra "
    "vägledning för hur alla aktörerna i Samverkan stockholmsregionen ska prioritera, "
    "både för att kunna ge och ta emot stöd inom regionen. Att uppnå de definierade "
    "målen ligger också i linje med den förmågeutveckling som Huddinge kommun "
)

_FOOTNOTE = (
    "^[Utgör inriktande nivå i ordinarie läge där deltagare motsvarar beslutsfattare "
    "på organisatoriskt övergripande nivå. Kommunerna representeras av fyra "
    "kommundirektörer från norr, mitt, syd respektive Stockholms stad. "
    "Sydkommunerna representeras av Nykvarns kommundirektör.]"
)

SECTIONS = [
    (
        "Förslag till beslut",
        "Kommunstyrelsen noterar till protokollet att man tagit del av information om "
        "Målbild Samverkan Stockholmsregionens 2023-2026.",
    ),
    (
        "Sammanfattning",
        "Samverkan Stockholmsregionen (SSR) är ett gemensamt aktörsnätverk mellan "
        "samhällsaktörer i Stockholms län, däribland Huddinge kommun, som tillsammans "
        "verkar för en trygg, säker och störningsfri region. Samverkan "
        "Stockholmsregionen ägs, drivs, bekostas och förvaltas gemensamt av dess "
        "medlemmar.\n\n"
        "SSR syftar till att säkra en hållbar effektiv samverkan och en ökad gemensam "
        "förmåga att hantera samhällsstörningar och kriser i Stockholmsregionen. Den "
        "övergripande målsättningen lyder:\n\n"
        f"{_AIM}\n\n"
        f"{_VISIONS} Målbilden godkänns av kommundirektören och delges "
        "kommunstyrelsen som information.\n\n"
        f"{_OPINION}arbetar för inom civil beredskap, brottförebyggande- och "
        "trygghetsskapande arbete.",
    ),
    (
        "Beskrivning av ärendet",
        "Samverkan Stockholmsregionen startade upp 2014 med en avsiktsförklaring, "
        "antagen av kommunstyrelsen 24 mars 2014, KS 2014/195 (se bilaga 2). Vidare "
        "antogs en överenskommelse av kommunstyrelsen den 17 juni 2015, KS 2015/560 "
        "(se bilaga 3), vilket innebar att man säkrade det fortsatta gemensamma "
        "arbetet och övergången från utvecklingsprogram till ordinarie drift. "
        "Samverkan Stockholmsregionen består idag av Länsstyrelsen Stockholm, länets "
        "26 kommuner, Region Stockholm, Polismyndigheten Region Stockholm, "
        "Försvarsmakten Mellersta Militärregionen, SOS Alarm, Trafikverket, "
        "Kustbevakningen, Stockholms hamnar samt kommunalförbunden Storstockholms "
        "brandförsvar, Södertörns brandförsvarsförbund och Brandkåren Attunda.\n\n"
        "Samverkan Stockholmsregionen syftar till att säkra en hållbar effektiv "
        "samverkan och en ökad gemensam förmåga att hantera samhällsstörningar och "
        "kriser i Stockholmsregionen. Den övergripande målsättningen lyder:\n\n"
        f"{_AIM}\n\n"
        f"{_VISIONS} Att regelbundet se över och tydliggöra inriktning och "
        "ambitionsnivå för verksamheten är nödvändigt för att säkra att den "
        "verksamhet som bedrivs är ändamålsenlig och ger största möjliga aktörs- och "
        "samhällsnytta.\n\n"
        "Målbilden består av dels gemensamma grundförutsättningar för det gemensamma "
        "arbetet och dels gemensamma målsättningar och ambitioner för perioden. Den är "
        "framtagen av en arbetsgrupp med representanter från medlemmarna i SSR, "
        "däribland Huddinge kommun, med utgångspunkt från erfarenheter från "
        "händelser, övningar och utvärderingar. Målbilden är föredragen och antagen "
        f"av regionala chefsgruppen{_FOOTNOTE} 10 mars 2023.",
    ),
    (
        "Förvaltningens synpunkter",
        f"{_OPINION}arbetar för inom civil beredskap och brottförebyggande- och "
        "trygghetsskapande arbete.\n\n"
        "Kommunstyrelsen förvaltning anser vidare att de satta målen, och i "
        "förlängningen den utökade förmågan gör att risker minimeras och hantering av "
        "en händelse kan ske mer effektivt, vilket skapar hållbarhet både i kommunen "
        "och i regionen. En effektivare hantering skapar också bättre förutsättningar "
        "för barn och unga att i så stor utsträckning som möjligt få leva under "
        "störningsfria förhållanden.",
    ),
    (
        "Ekonomiska och juridiska konsekvenser",
        "Kostnaden för den Samverkan stockholmsregionen bygger på principen att alla "
        "parter är med och bidrar. Länets tjugosex kommuner finansierar tillsammans "
        "halva kostnaden och fördelar detta genom att betala en andel baserad på "
        "antalet invånare vid budgetårets start. Förslaget till beslut medför inga "
        "ekonomiska eller juridiska konsekvenser.",
    ),
]

SIGNATORIES = [
    ("Camilla Broo", "Kommundirektör"),
    ("Anna Tengelin Skoog", "Biträdande kommundirektör"),
]

ATTACHMENTS = [
    "Gemensam målbild 2023-2026 Samverkan Stockholmsregionen",
    "Avsiktsförklaring",
    "Överenskommelse",
    "Aktiverade lägen",
    "Milstolpar",
]

RECIPIENTS = ["Samverkan Stockholmsregionen", "Länsstyrelsen Stockholm"]
