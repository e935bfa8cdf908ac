"""Code lists of the data standard.

Each list has canonical codes (what the warehouse stores), labels (what people read) and
aliases (what partners send: ESR wording, NHS Data Dictionary labels, common spellings).
Matching is case-insensitive and ignores surrounding spaces; anything else is quarantined,
never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _key(text: str) -> str:
    return text.strip().lower()


@dataclass(frozen=True)
class CodeList:
    name: str
    description: str
    labels: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def codes(self) -> list[str]:
        return list(self.labels)

    def lookup(self) -> dict[str, str]:
        """Every accepted spelling (lower case) mapped to its canonical code."""
        table: dict[str, str] = {}
        for code, label in self.labels.items():
            table[_key(code)] = code
            table[_key(label)] = code
        for alias, code in self.aliases.items():
            if code not in self.labels:
                raise ValueError(f"alias {alias!r} of {self.name} points to unknown code {code}")
            table[_key(alias)] = code
        return table

    def normalise(self, value: str | None) -> str | None:
        """Canonical code for a value, or None if it is not in the list."""
        if value is None:
            return None
        return self.lookup().get(_key(value))


SECTOR = CodeList(
    "sector",
    "Sector of a partner organisation.",
    {
        "acute": "Acute trust",
        "community": "Community trust",
        "mental_health": "Mental health trust",
        "ambulance": "Ambulance trust",
        "primary_care": "Primary care (GP practice or PCN)",
        "social_care": "Social care provider",
        "local_authority": "Local authority",
        "vcse": "Voluntary, community and social enterprise",
        "icb": "Integrated care board",
        "other": "Other",
    },
    {
        "acute trust": "acute",
        "community trust": "community",
        "mental health": "mental_health",
        "mental health trust": "mental_health",
        "ambulance trust": "ambulance",
        "primary care": "primary_care",
        "gp practice": "primary_care",
        "pcn": "primary_care",
        "social care": "social_care",
        "adult social care": "social_care",
        "local authority": "local_authority",
        "council": "local_authority",
        "voluntary sector": "vcse",
        "voluntary": "vcse",
        "integrated care board": "icb",
    },
)

STAFF_GROUP = CodeList(
    "staff_group",
    "Staff group, following NHS Workforce Statistics groups, extended with the primary care "
    "(National Workforce Reporting Service) and adult social care (Skills for Care) groups.",
    {
        "medical": "HCHS doctors",
        "nursing": "Nurses and health visitors",
        "midwifery": "Midwives",
        "ambulance": "Ambulance staff",
        "ahp": "Allied health professionals",
        "healthcare_science": "Healthcare scientists",
        "other_stt": "Other scientific, therapeutic and technical staff",
        "support_clinical": "Support to clinical staff",
        "infrastructure": "NHS infrastructure support",
        "gp": "General practitioners",
        "primary_care_nurse": "Primary care nurses",
        "primary_care_dpc": "Primary care direct patient care",
        "primary_care_admin": "Primary care admin and non-clinical",
        "social_care_direct": "Social care direct care",
        "social_care_professional": "Social care regulated professions",
        "social_care_manager": "Social care managerial",
        "social_care_other": "Social care other",
        "other": "Other",
    },
    {
        "medical and dental": "medical",
        "hchs doctors": "medical",
        "doctors": "medical",
        "nursing and midwifery registered": "nursing",
        "nurses & health visitors": "nursing",
        "nurses": "nursing",
        "midwives": "midwifery",
        "ambulance staff": "ambulance",
        "allied health professionals": "ahp",
        "healthcare scientists": "healthcare_science",
        "additional professional scientific and technical": "other_stt",
        "add prof scientific and technic": "other_stt",
        "additional clinical services": "support_clinical",
        "support to clinical staff": "support_clinical",
        "administrative and clerical": "infrastructure",
        "estates and ancillary": "infrastructure",
        "nhs infrastructure support": "infrastructure",
        "gps": "gp",
        "direct patient care": "primary_care_dpc",
        "admin/non-clinical": "primary_care_admin",
        "direct care": "social_care_direct",
        "regulated professions": "social_care_professional",
        "managerial": "social_care_manager",
        "students": "other",
    },
    source="NHS England, NHS Workforce Statistics: staff group definitions; ESR staff groups",
)

_AFC_BANDS = ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
_MEDICAL_GRADES = {
    "consultant": "Consultant",
    "specialty_doctor": "Specialty doctor",
    "specialist": "Specialist",
    "associate_specialist": "Associate specialist",
    "specialty_registrar": "Specialty registrar",
    "core_training": "Core training",
    "foundation_2": "Foundation doctor year 2",
    "foundation_1": "Foundation doctor year 1",
    "other_medical": "Other medical grade",
}


def _band_list() -> CodeList:
    labels = {f"band_{b}": f"Band {b}" for b in _AFC_BANDS}
    labels["vsm"] = "Very senior manager"
    labels.update(_MEDICAL_GRADES)
    labels["non_afc"] = "Not on Agenda for Change or medical pay scales"
    aliases: dict[str, str] = {}
    for b in _AFC_BANDS:
        for form in (b, f"band {b}", f"band{b}", f"afc band {b}", f"agenda for change band {b}"):
            aliases[form] = f"band_{b}"
        if b.startswith("8"):  # ESR writes "Band 8 - Range A"
            aliases[f"band 8 - range {b[1]}"] = f"band_{b}"
    aliases.update(
        {
            "very senior manager": "vsm",
            "foundation year 1": "foundation_1",
            "foundation year 2": "foundation_2",
            "fy1": "foundation_1",
            "fy2": "foundation_2",
            "registrar": "specialty_registrar",
            "st": "specialty_registrar",
            "ct": "core_training",
            "sas": "specialty_doctor",
            "non afc": "non_afc",
            "other": "non_afc",
        }
    )
    return CodeList(
        "band",
        "Agenda for Change pay band, very senior manager, or medical and dental grade.",
        labels,
        aliases,
        source="NHS Terms and Conditions of Service (Agenda for Change); NHS medical grades",
    )


BAND = _band_list()

CONTRACT_TYPE = CodeList(
    "contract_type",
    "Assignment category: only permanent and fixed-term staff fill establishment posts.",
    {"permanent": "Permanent", "fixed_term": "Fixed term", "bank": "Bank"},
    {"fixed term": "fixed_term", "fixed term temp": "fixed_term", "temporary": "fixed_term"},
    source="ESR assignment category",
)

GENDER = CodeList(
    "gender",
    "Person stated gender code (NHS Data Dictionary).",
    {"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Not known"},
    {
        "m": "1",
        "f": "2",
        "man": "1",
        "woman": "2",
        "indeterminate (unable to be classified as either male or female)": "9",
        "unknown": "X",
        "not specified": "X",
        "not stated": "X",
        "prefer not to say": "X",
    },
    source="NHS Data Dictionary: Person Stated Gender Code",
)

ETHNIC_CATEGORY = CodeList(
    "ethnic_category",
    "Ethnic category (NHS Data Dictionary, 2001 census categories).",
    {
        "A": "White - British",
        "B": "White - Irish",
        "C": "White - Any other White background",
        "D": "Mixed - White and Black Caribbean",
        "E": "Mixed - White and Black African",
        "F": "Mixed - White and Asian",
        "G": "Mixed - Any other mixed background",
        "H": "Asian or Asian British - Indian",
        "J": "Asian or Asian British - Pakistani",
        "K": "Asian or Asian British - Bangladeshi",
        "L": "Asian or Asian British - Any other Asian background",
        "M": "Black or Black British - Caribbean",
        "N": "Black or Black British - African",
        "P": "Black or Black British - Any other Black background",
        "R": "Other ethnic groups - Chinese",
        "S": "Other ethnic groups - Any other ethnic group",
        "Z": "Not stated",
        "99": "Not known",
    },
    source="NHS Data Dictionary: Ethnic Category",
)


def _extend_ethnic_aliases() -> None:
    # ESR writes "A White - British"; others write only the part after the group ("Indian").
    # "Any other ... background" without its group is ambiguous, so it is not an alias.
    for code, label in ETHNIC_CATEGORY.labels.items():
        ETHNIC_CATEGORY.aliases[f"{code} {label}"] = code
        short = label.split(" - ", 1)[-1]
        if not short.lower().startswith("any other"):
            ETHNIC_CATEGORY.aliases[short] = code
    ETHNIC_CATEGORY.aliases.update(
        {
            "unknown": "99",
            "not declared": "Z",
            "prefer not to say": "Z",
            "white british": "A",
            "white irish": "B",
            "white other": "C",
        }
    )


_extend_ethnic_aliases()

DISABILITY = CodeList(
    "disability",
    "Whether the person has declared a disability.",
    {"yes": "Yes", "no": "No", "not_declared": "Not declared or unknown"},
    {
        "y": "yes",
        "n": "no",
        "not declared": "not_declared",
        "unspecified": "not_declared",
        "prefer not to say": "not_declared",
        "unknown": "not_declared",
        "not stated": "not_declared",
    },
)

ORIGIN_GROUP = CodeList(
    "origin_group",
    "Nationality group or country-of-qualification group, for international recruitment.",
    {
        "uk": "United Kingdom",
        "eu_eea": "EU / EEA and Switzerland",
        "rest_of_world": "Rest of the world",
        "unknown": "Unknown",
    },
    {
        "british": "uk",
        "gb": "uk",
        "eu": "eu_eea",
        "eea": "eu_eea",
        "eu/eea": "eu_eea",
        "non-eu": "rest_of_world",
        "non eu": "rest_of_world",
        "non-eea": "rest_of_world",
        "row": "rest_of_world",
        "international": "rest_of_world",
        "not known": "unknown",
        "not stated": "unknown",
    },
)

SEXUAL_ORIENTATION = CodeList(
    "sexual_orientation",
    "Sexual orientation code (NHS Data Dictionary, 2015 standard).",
    {
        "1": "Heterosexual or Straight",
        "2": "Gay or Lesbian",
        "3": "Bisexual",
        "4": "Other sexual orientation not listed",
        "U": "Person asked and does not know or is not sure",
        "Z": "Not stated (person asked but declined to provide a response)",
        "9": "Not known (not recorded)",
    },
    {
        "heterosexual": "1",
        "straight": "1",
        "gay": "2",
        "lesbian": "2",
        "not stated": "Z",
        "not known": "9",
        "prefer not to say": "Z",
    },
    source="NHS Data Dictionary / ISB 2094 Sexual Orientation Monitoring",
)

RELIGION = CodeList(
    "religion",
    "Religion or belief, in the groups used by ESR equality reporting.",
    {
        "christianity": "Christianity",
        "buddhism": "Buddhism",
        "hinduism": "Hinduism",
        "islam": "Islam",
        "judaism": "Judaism",
        "sikhism": "Sikhism",
        "other": "Other",
        "none": "No religion (atheism)",
        "not_stated": "I do not wish to disclose my religion/belief",
    },
    {
        "christian": "christianity",
        "muslim": "islam",
        "jewish": "judaism",
        "sikh": "sikhism",
        "hindu": "hinduism",
        "buddhist": "buddhism",
        "atheism": "none",
        "no religion": "none",
        "not stated": "not_stated",
        "prefer not to say": "not_stated",
    },
)

YES_NO = CodeList(
    "yes_no",
    "A yes/no flag.",
    {"true": "Yes", "false": "No"},
    {
        "y": "true",
        "yes": "true",
        "1": "true",
        "t": "true",
        "n": "false",
        "no": "false",
        "0": "false",
        "f": "false",
    },
)

STAFF_AGE_BAND = CodeList(
    "staff_age_band",
    "Staff age band at the snapshot date (NHS Workforce Statistics bands).",
    {
        "under_25": "Under 25",
        **{f"{a}_{a + 4}": f"{a}-{a + 4}" for a in range(25, 70, 5)},
        "70_plus": "70 and over",
    },
    {"<25": "under_25", "70+": "70_plus", "70 and above": "70_plus", "under 25": "under_25"},
)

POPULATION_AGE_BAND = CodeList(
    "population_age_band",
    "Five-year resident population age bands (ONS mid-year estimates).",
    {**{f"{a}_{a + 4}": f"{a}-{a + 4}" for a in range(0, 85, 5)}, "85_plus": "85 and over"},
    {"85+": "85_plus", "0-4": "0_4", "5-9": "5_9"},
    source="ONS mid-year population estimates",
)

POPULATION_SEX = CodeList(
    "population_sex",
    "Sex as published in ONS population estimates.",
    {"male": "Male", "female": "Female"},
    {"m": "male", "f": "female", "1": "male", "2": "female", "males": "male", "females": "female"},
)

POPULATION_ETHNIC_GROUP = CodeList(
    "population_ethnic_group",
    "High-level ethnic group (ONS Census 2021, 5 groups).",
    {
        "asian": "Asian, Asian British or Asian Welsh",
        "black": "Black, Black British, Black Welsh, Caribbean or African",
        "mixed": "Mixed or Multiple ethnic groups",
        "white": "White",
        "other": "Other ethnic group",
    },
    source="ONS Census 2021 ethnic group classification",
)

LEAVING_REASON = CodeList(
    "leaving_reason",
    "Reason for leaving (ESR leaving reasons, grouped).",
    {
        "voluntary_relocation": "Voluntary Resignation - Relocation",
        "voluntary_work_life_balance": "Voluntary Resignation - Work Life Balance",
        "voluntary_promotion": "Voluntary Resignation - Promotion",
        "voluntary_better_reward": "Voluntary Resignation - Better Reward Package",
        "voluntary_health": "Voluntary Resignation - Health",
        "voluntary_incompatible_relationships": "Voluntary Resignation - Incompatible Working Relationships",
        "voluntary_lack_of_opportunities": "Voluntary Resignation - Lack of Opportunities",
        "voluntary_other": "Voluntary Resignation - Other/Not Known",
        "retirement_age": "Retirement Age",
        "flexi_retirement": "Flexi Retirement",
        "ill_health_retirement": "Retirement - Ill Health",
        "end_of_fixed_term": "End of Fixed Term Contract",
        "dismissal": "Dismissal",
        "redundancy": "Redundancy",
        "mutually_agreed": "Mutually Agreed Resignation",
        "death": "Death in Service",
        "employee_transfer": "Employee Transfer",
        "other": "Other",
    },
    {
        "retirement": "retirement_age",
        "voluntary resignation": "voluntary_other",
        "end of fixed term": "end_of_fixed_term",
        "death in service": "death",
    },
    source="ESR leaving reasons",
)

LEAVER_DESTINATION = CodeList(
    "leaver_destination",
    "Destination on leaving (ESR destinations, grouped).",
    {
        "nhs_organisation": "NHS Organisation",
        "primary_care": "General practice or primary care",
        "social_care": "Social care",
        "other_health_care": "Non-NHS health care (independent sector)",
        "other_sector": "Other employment outside health and care",
        "education": "Education / training",
        "abroad": "Abroad",
        "retirement": "Retirement",
        "no_employment": "No employment",
        "unknown": "Unknown",
    },
    {"nhs": "nhs_organisation", "non-nhs organisation": "other_sector", "not known": "unknown"},
    source="ESR destination on leaving",
)

SICKNESS_REASON = CodeList(
    "sickness_reason",
    "Absence reason (ESR sickness absence reason codes).",
    {
        "S10": "Anxiety/stress/depression/other psychiatric illnesses",
        "S11": "Back problems",
        "S12": "Other musculoskeletal problems",
        "S13": "Cold, Cough, Flu - Influenza",
        "S14": "Asthma",
        "S15": "Chest & respiratory problems",
        "S16": "Headache / migraine",
        "S17": "Benign and malignant tumours, cancers",
        "S18": "Blood disorders",
        "S19": "Heart, cardiac & circulatory problems",
        "S20": "Burns, poisoning, frostbite, hypothermia",
        "S21": "Ear, nose, throat (ENT)",
        "S22": "Dental and oral problems",
        "S23": "Eye problems",
        "S24": "Endocrine / glandular problems",
        "S25": "Gastrointestinal problems",
        "S26": "Genitourinary & gynaecological disorders",
        "S27": "Infectious diseases",
        "S28": "Injury, fracture",
        "S29": "Nervous system disorders",
        "S30": "Pregnancy related disorders",
        "S31": "Skin disorders",
        "S32": "Substance abuse",
        "S98": "Other known causes - not elsewhere classified",
        "S99": "Unknown causes / Not specified",
    },
    source="ESR / NHS England sickness absence reason codes",
)
for _code, _label in SICKNESS_REASON.labels.items():
    SICKNESS_REASON.aliases[f"{_code} {_label}"] = _code

STAFFING_TYPE = CodeList(
    "staffing_type",
    "Kind of temporary staffing.",
    {"bank": "Bank", "agency": "Agency"},
    {"nhsp": "bank", "locum agency": "agency"},
)

CSTF_SUBJECT = CodeList(
    "cstf_subject",
    "Core Skills Training Framework subject (England, v1.1).",
    {
        "equality_diversity_human_rights": "Equality, Diversity and Human Rights",
        "health_safety_welfare": "Health, Safety and Welfare",
        "conflict_resolution": "Conflict Resolution",
        "fire_safety": "Fire Safety",
        "infection_prevention_control": "Infection Prevention and Control",
        "information_governance": "Information Governance and Data Security",
        "moving_handling": "Moving and Handling",
        "preventing_radicalisation": "Preventing Radicalisation",
        "resuscitation": "Resuscitation",
        "safeguarding_adults": "Safeguarding Adults",
        "safeguarding_children": "Safeguarding Children",
    },
    {
        "equality and diversity": "equality_diversity_human_rights",
        "fire": "fire_safety",
        "infection control": "infection_prevention_control",
        "ig": "information_governance",
        "data security awareness": "information_governance",
        "prevent": "preventing_radicalisation",
        "basic life support": "resuscitation",
        "manual handling": "moving_handling",
    },
    source="Skills for Health, Core Skills Training Framework (England) v1.1",
)

TRAINING_LEVEL = CodeList(
    "training_level",
    "CSTF level, where the subject has levels.",
    {"1": "Level 1", "2": "Level 2", "3": "Level 3"},
    {"level 1": "1", "level 2": "2", "level 3": "3", "l1": "1", "l2": "2", "l3": "3"},
)

RECRUITMENT_STAGE = CodeList(
    "recruitment_stage",
    "Furthest stage an applicant reached for a vacancy.",
    {"applied": "Applied", "shortlisted": "Shortlisted", "appointed": "Appointed"},
    {
        "application": "applied",
        "interview": "shortlisted",
        "offered": "appointed",
        "offer": "appointed",
        "hired": "appointed",
    },
)

SURVEY_TYPE = CodeList(
    "survey_type",
    "Which survey the result comes from.",
    {"annual": "NHS Staff Survey (annual)", "pulse": "Quarterly pulse survey"},
    {
        "nhs staff survey": "annual",
        "staff survey": "annual",
        "npse": "pulse",
        "quarterly pulse": "pulse",
    },
)

SURVEY_ITEM_TYPE = CodeList(
    "survey_item_type",
    "Level of a survey result.",
    {"question": "Question", "sub_score": "Sub-score", "theme": "People Promise element or theme"},
    {"element": "theme", "subscore": "sub_score", "sub-score": "sub_score", "item": "question"},
)

SURVEY_MEASURE = CodeList(
    "survey_measure",
    "What a survey result's `score` holds. Empty means a score out of 10 for sub-scores and "
    "themes and a percentage for questions, as in version 1.0.",
    {
        "score": "Score out of 10 (People Promise scoring)",
        "percent": "Percentage of respondents (e.g. % positive, % experiencing)",
    },
    {"score_0_10": "score", "score out of 10": "score", "%": "percent", "percentage": "percent"},
)

EMPLOYEE_RELATIONS_PROCESS = CodeList(
    "employee_relations_process",
    "Formal employee relations process a case is in: disciplinary (conduct) for WRES "
    "indicator 3, capability for WDES metric 3.",
    {"disciplinary": "Disciplinary", "capability": "Capability"},
    {
        "conduct": "disciplinary",
        "misconduct": "disciplinary",
        "disciplinary procedure": "disciplinary",
        "capability procedure": "capability",
    },
    source="NHS England, WRES and WDES technical guidance",
)

CAPABILITY_REASON = CodeList(
    "capability_reason",
    "Grounds of a capability case. WDES metric 3 counts performance cases only: capability "
    "on the grounds of ill health is left out.",
    {"performance": "Performance", "ill_health": "Ill health"},
    {
        "poor performance": "performance",
        "performance management": "performance",
        "ill health": "ill_health",
        "ill-health": "ill_health",
        "health": "ill_health",
    },
    source="NHS England, WDES technical guidance (metric 3)",
)

EMPLOYEE_RELATIONS_STAGE = CodeList(
    "employee_relations_stage",
    "Furthest stage an employee relations case reached. Informal cases may be sent but are "
    "not counted: WRES and WDES count entry into the formal process.",
    {
        "informal": "Informal stage only",
        "investigation": "Formal investigation",
        "hearing": "Formal hearing or meeting",
        "appeal": "Appeal",
    },
    {
        "informal stage": "informal",
        "formal investigation": "investigation",
        "investigation stage": "investigation",
        "formal hearing": "hearing",
        "formal meeting": "hearing",
        "hearing stage": "hearing",
        "appeal stage": "appeal",
    },
)

CPD_KIND = CodeList(
    "cpd_kind",
    "Learning counted by WRES indicator 4: non-mandatory training or continuing professional "
    "development. Statutory and mandatory training belongs in the `training` extract.",
    {
        "non_mandatory_training": "Non-mandatory training",
        "cpd": "Continuing professional development",
    },
    {
        "non-mandatory training": "non_mandatory_training",
        "non mandatory training": "non_mandatory_training",
        "non-mandatory": "non_mandatory_training",
        "continuous professional development": "cpd",
    },
    source="NHS England, WRES technical guidance (indicator 4)",
)

ALL_CODE_LISTS: dict[str, CodeList] = {
    c.name: c
    for c in (
        SECTOR,
        STAFF_GROUP,
        BAND,
        CONTRACT_TYPE,
        GENDER,
        ETHNIC_CATEGORY,
        DISABILITY,
        ORIGIN_GROUP,
        SEXUAL_ORIENTATION,
        RELIGION,
        YES_NO,
        STAFF_AGE_BAND,
        POPULATION_AGE_BAND,
        POPULATION_SEX,
        POPULATION_ETHNIC_GROUP,
        LEAVING_REASON,
        LEAVER_DESTINATION,
        SICKNESS_REASON,
        STAFFING_TYPE,
        CSTF_SUBJECT,
        TRAINING_LEVEL,
        RECRUITMENT_STAGE,
        SURVEY_TYPE,
        SURVEY_ITEM_TYPE,
        SURVEY_MEASURE,
        EMPLOYEE_RELATIONS_PROCESS,
        CAPABILITY_REASON,
        EMPLOYEE_RELATIONS_STAGE,
        CPD_KIND,
    )
}
