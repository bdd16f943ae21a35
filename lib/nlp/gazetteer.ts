// Word lists behind entity classification. wink's English lite model tags proper nouns but does not
// say whether a name is a person, a place or an organisation; these lists and the cues in entities.ts
// make that call. Kept to well-known, stable names: countries, their capitals and large cities, US
// states, continents and seas; everything else is decided from the words around a name.

const words = (s: string) =>
  new Set(
    s
      .split("\n")
      .flatMap((line) => line.split(","))
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean),
  );

export const KNOWN_PLACES = words(`
Afghanistan, Albania, Algeria, Andorra, Angola, Argentina, Armenia, Australia, Austria, Azerbaijan, Bahamas, Bahrain,
Bangladesh, Barbados, Belarus, Belgium, Belize, Benin, Bhutan, Bolivia, Bosnia, Botswana, Brazil, Brunei, Bulgaria,
Burkina Faso, Burundi, Cambodia, Cameroon, Canada, Chad, Chile, China, Colombia, Comoros, Congo, Costa Rica, Croatia, Cuba,
Cyprus, Czech Republic, Czechia, Denmark, Djibouti, Dominica, Dominican Republic, Ecuador, Egypt, El Salvador, Eritrea,
Estonia, Eswatini, Ethiopia, Fiji, Finland, France, Gabon, Gambia, Georgia, Germany, Ghana, Greece, Grenada, Guatemala,
Guinea, Guyana, Haiti, Honduras, Hong Kong, Hungary, Iceland, India, Indonesia, Iran, Iraq, Ireland, Israel, Italy,
Ivory Coast, Jamaica, Japan, Jordan, Kazakhstan, Kenya, Kiribati, Kosovo, Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon,
Lesotho, Liberia, Libya, Liechtenstein, Lithuania, Luxembourg, Macau, Madagascar, Malawi, Malaysia, Maldives, Mali, Malta,
Mauritania, Mauritius, Mexico, Moldova, Monaco, Mongolia, Montenegro, Morocco, Mozambique, Myanmar, Namibia, Nauru, Nepal,
Netherlands, New Zealand, Nicaragua, Niger, Nigeria, North Korea, North Macedonia, Norway, Oman, Pakistan, Palestine,
Panama, Papua New Guinea, Paraguay, Peru, Philippines, Poland, Portugal, Qatar, Romania, Russia, Rwanda, Samoa,
San Marino, Saudi Arabia, Senegal, Serbia, Seychelles, Sierra Leone, Singapore, Slovakia, Slovenia, Somalia, South Africa,
South Korea, South Sudan, Spain, Sri Lanka, Sudan, Suriname, Sweden, Switzerland, Syria, Taiwan, Tajikistan, Tanzania,
Thailand, Togo, Tonga, Trinidad, Tunisia, Turkey, Turkmenistan, Tuvalu, Uganda, Ukraine, United Arab Emirates, UAE,
United Kingdom, UK, U.K., Britain, Great Britain, United States, United States of America, US, U.S., USA, America,
Uruguay, Uzbekistan, Vanuatu, Vatican, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe, England, Scotland, Wales,
Northern Ireland, Greenland, Puerto Rico, Tibet, Crimea, Gaza, West Bank, Kashmir, Catalonia, Bavaria, Quebec, Ontario,
Alberta, British Columbia, Queensland, Victoria, Tasmania, New South Wales, Siberia, Chechnya
Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida, Hawaii, Idaho, Illinois,
Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland, Massachusetts, Michigan, Minnesota, Mississippi, Missouri,
Montana, Nebraska, Nevada, New Hampshire, New Jersey, New Mexico, New York, North Carolina, North Dakota, Ohio, Oklahoma,
Oregon, Pennsylvania, Rhode Island, South Carolina, South Dakota, Tennessee, Texas, Utah, Vermont, Virginia,
West Virginia, Wisconsin, Wyoming, Washington, D.C., Washington D.C.
Africa, Antarctica, Asia, Europe, North America, South America, Latin America, Central America, Oceania, Middle East,
Caribbean, Scandinavia, Balkans, Arctic, Atlantic, Pacific, Mediterranean, Sahara, Himalayas, Alps, Amazon basin,
Atlantic Ocean, Pacific Ocean, Indian Ocean, Arctic Ocean, Red Sea, Black Sea, Caspian Sea, Baltic Sea, North Sea,
South China Sea, Persian Gulf, Gulf of Mexico, English Channel, White House, Downing Street, Charlotte, Orlando, Tampa,
Nashville, Sacramento, Honolulu, Anchorage, Salt Lake City, Kansas City, St Louis, Cincinnati, Buffalo, Newark
Kabul, Tirana, Algiers, Buenos Aires, Yerevan, Canberra, Sydney, Melbourne, Brisbane, Perth, Vienna, Baku, Dhaka, Minsk,
Brussels, Sarajevo, Brasilia, Rio de Janeiro, Sao Paulo, Sofia, Phnom Penh, Ottawa, Toronto, Montreal, Vancouver,
Santiago, Beijing, Shanghai, Wuhan, Shenzhen, Guangzhou, Bogota, Havana, Prague, Copenhagen, Cairo, Alexandria, Tallinn,
Addis Ababa, Helsinki, Paris, Marseille, Lyon, Tbilisi, Berlin, Munich, Hamburg, Frankfurt, Cologne, Accra, Athens,
Budapest, Reykjavik, New Delhi, Delhi, Mumbai, Kolkata, Chennai, Bangalore, Jakarta, Tehran, Baghdad, Mosul, Dublin,
Jerusalem, Tel Aviv, Rome, Milan, Naples, Venice, Florence, Tokyo, Osaka, Kyoto, Hiroshima, Amman, Nairobi, Mombasa,
Pyongyang, Seoul, Beirut, Tripoli, Vilnius, Kuala Lumpur, Mexico City, Chisinau, Rabat, Casablanca, Kathmandu, Amsterdam,
Rotterdam, The Hague, Auckland, Wellington, Abuja, Lagos, Oslo, Islamabad, Karachi, Lahore, Lima, Manila, Warsaw, Krakow,
Lisbon, Porto, Doha, Bucharest, Moscow, Saint Petersburg, St Petersburg, Kigali, Riyadh, Jeddah, Mecca, Dakar, Belgrade,
Bratislava, Ljubljana, Mogadishu, Johannesburg, Cape Town, Pretoria, Durban, Madrid, Barcelona, Seville, Valencia,
Colombo, Khartoum, Stockholm, Gothenburg, Bern, Geneva, Zurich, Basel, Damascus, Aleppo, Taipei, Dar es Salaam,
Bangkok, Tunis, Ankara, Istanbul, Kampala, Kyiv, Kiev, Kharkiv, Odesa, Odessa, Abu Dhabi, Dubai, London, Manchester,
Birmingham, Liverpool, Leeds, Glasgow, Edinburgh, Cardiff, Belfast, Bristol, Oxford, Cambridge, Sheffield, Newcastle,
Montevideo, Tashkent, Caracas, Hanoi, Ho Chi Minh City, Sanaa, Aden, Lusaka, Harare, Los Angeles, San Francisco,
San Diego, Chicago, Houston, Dallas, Austin, Boston, Philadelphia, Phoenix, Seattle, Miami, Atlanta, Detroit, Denver,
Las Vegas, New Orleans, Baltimore, Pittsburgh, Cleveland, Minneapolis, Portland, Brooklyn, Manhattan, Queens, Bronx,
Hollywood, Silicon Valley, Wall Street, Gaza Strip, Hamas-run Gaza, Kandahar, Herat, Basra, Erbil, Homs, Idlib, Benghazi,
Juba, Goma, Kinshasa, Luanda, Maputo, Windhoek, Gaborone, Antananarivo, Port-au-Prince, Kingston, San Juan, Quito,
La Paz, Asuncion, Panama City, San Jose, Managua, Tegucigalpa, Guatemala City, Caracas, Reykjavik, Valletta, Nicosia,
Skopje, Podgorica, Pristina, Zagreb, Riga, Tallinn, Minsk, Astana, Bishkek, Dushanbe, Ashgabat, Ulaanbaatar, Vientiane,
Yangon, Naypyidaw, Thimphu, Male, Muscat, Manama, Kuwait City, Sanaa, Djibouti, Asmara, Niamey, Bamako, Ouagadougou,
Abidjan, Freetown, Monrovia, Conakry, Bissau, Banjul, Nouakchott, Lome, Cotonou, Yaounde, Douala, Libreville, Brazzaville,
Bangui, N'Djamena, Kigali, Bujumbura, Lilongwe, Dodoma, Hong Kong Island, Kowloon, Macao, Singapore City
`);

/** Names that are organisations however they are used: well-known outlets, platforms and bodies. */
export const KNOWN_ORGANISATIONS = words(`
Twitter, Facebook, Instagram, YouTube, TikTok, WhatsApp, Google, Apple, Microsoft, Amazon, Netflix, Tesla, Uber, Meta,
Reuters, Associated Press, AP, AFP, BBC, CNN, ESPN, NBC, CBS, ABC News, Fox News, Al Jazeera, Bloomberg, Wikinews,
Wikipedia, Nasa, NATO, Nato, United Nations, UN, European Union, EU, WHO, Unicef, Interpol, Taliban, Hamas, Hezbollah,
Houthis, Houthi, al-Qaeda, Isis, ISIL, Kremlin, Pentagon, Congress, Senate, Parliament, Bundestag, Knesset, Duma,
Supreme Court, House of Representatives, House of Commons, House of Lords, Red Cross, Red Crescent,
Boeing, Airbus, Toyota, Volkswagen, Samsung, Huawei, Sony, Nintendo, Spotify, Visa, Mastercard, Nestle, Shell, BP, IAAF,
FIFA, UEFA, IOC, NBA, NFL, MLB, NHL, Premier League, Red Cross, Greenpeace, Amnesty International, IMF, World Bank,
Labour Party, Conservative Party, Liberal Democrats, Democratic Party, Republican Party
`);

/** A name ending in (or containing) one of these is an organisation: "Federal Aviation Administration". */
export const ORGANISATION_WORDS = words(`
Administration, Agency, Airline, Centers, Centres, Airlines, Airways, Alliance, Army, Assembly, Association, Authority, Bank, Board,
Brigade, Bureau, Cabinet, Center, Centre, Chamber, Church, Club, Coalition, College, Commission, Committee, Company,
Congress, Corp, Corporation, Council, Court, Courts, Department, Directorate, Division, Embassy, FC, Federation, Force,
Forces, Foundation, Front, Fund, Group, Guard, Holdings, Hospital, Inc, Institute, Institution, League, Ltd, Media,
Ministry, Movement, Museum, Navy, Network, News, Office, Organisation, Organization, Parliament, Partners, Party, plc,
Police, Post, Press, Programme, Railways, Records, Regiment, Service, Services, Senate, Society, Squad, Studio, Studios,
Systems, Team, Technologies, Telegraph, Times, Tribunal, Trust, TV, Union, University, Academy, School, Schools,
Agence, Journal, Herald, Gazette, Radio, Television, Channel, Broadcasting, Motors, Energy, Electric, Pharmaceuticals,
Engineering, Networks, Semiconductors, Securities, Ventures, Pharma, Aerospace, Partnership, Scheme, Choir, Metalworkers,
Lines, Associates, Industries, Logistics, Airport, Orchestra, Ensemble, Theatre, Opera, Forum, Capital, Research
`);

/** A name ending in one of these is a place: "Palm Beach County", "Wellhouse Lane", "Andros Island". */
export const PLACE_LAST_WORDS = words(`
Avenue, Bay, Bridge, Canal, Cathedral, Cay, City, Coast, County, Creek, Desert, District, Estate, Falls, Highway,
Hill, Hills, Island, Islands, Lake, Lane, Mountain, Mountains, Ocean, Parish, Park, Peninsula, Plaza, Prefecture,
Province, Region, River, Road, Sea, Square, Station, Strait, Street, Tower, Town, Township, Valley, Village, Airport,
Stadium, Arena, Temple, Mosque, Palace, Harbour, Harbor, Port, Way, Boulevard, Drive, Terrace, Headquarters, Complex
`);

/** A name starting with one of these is a place: "Lake Como", "Fort Lee", "Rue des Soubirous". */
export const PLACE_FIRST_WORDS = words(`
Lake, Mount, Gulf, Cape, Fort, Isle, Rue, Place, Port, Republic, Kingdom, Principality, County, Interstate, Hotel, Camp, Glen,
River
`);

/** Names starting or ending with these are events or things, not entities: "Hurricane Dorian", "Chicago Marathon". */
export const EVENT_WORDS = words(`
Hurricane, Typhoon, Cyclone, Storm, Tropical, Marathon, Olympics, Olympic, Games, Cup, Championship, Championships,
Tournament, Open, Festival, Convention, Prize, Award, Awards, War, Day, Week, Act, Election, Elections, Summit,
Conference, Scale, Show, Season, Series, Grand Prix, Covid, Coronavirus, Christmas, Easter, Ramadan, Halloween,
Brexit, Budget, Lottery, Expo, Biennale, Derby, Category, Chapter, Phase, Round, Level, Grade, Article, Section, Class,
Physics, Chemistry, Medicine, Literature, Economics, Peace
`);

/** Other spellings of a few places that news writes many ways; each maps to the name we show. */
export const PLACE_ALIASES = new Map<string, string>([
  ["us", "United States"],
  ["u.s.", "United States"],
  ["usa", "United States"],
  ["u.s.a.", "United States"],
  ["america", "United States"],
  ["united states of america", "United States"],
  ["uk", "United Kingdom"],
  ["u.k.", "United Kingdom"],
  ["britain", "United Kingdom"],
  ["great britain", "United Kingdom"],
  ["uae", "United Arab Emirates"],
  ["washington d.c.", "Washington"],
  ["washington, d.c.", "Washington"],
  ["kiev", "Kyiv"],
  ["d.c.", "Washington"],
  ["islamic republic of iran", "Iran"],
]);

/** Capitalised abbreviations that are not names: time zones, units, currencies, titles, common initialisms. */
export const NOT_NAMES = words(`
UTC, GMT, BST, EST, EDT, PST, PDT, CET, CEST, DVD, VIP, MVP, CEO, CFO, COO, CTO, TV, PM, AM, GDP, DNA, RNA, HIV, AIDS,
ICU, IT, AI, OK, PhD, MP, MPs, MEP, MEPs, USD, GBP, EUR, SEK, JPY, CNY, INR, KPH, MPH, KM, CM, AD, BC, ID, PR, FAQ,
LGBT, LGBTQ, COVID, COVID-19, SARS, SARS-CoV-2, MRI, CCTV, SUV, PPE, GPS, SMS, URL, PDF, NB, RIP, II, III, IV
`);

/** Words before a name that say it is a person's: "Interior Minister Joachim Brudziński". */
export const PERSON_TITLES = words(`
Mr, Mrs, Ms, Mx, Dr, Prof, Professor, Sir, Dame, Lord, Lady, President, Minister, Governor, Senator, Sen, Rep,
Representative, Congressman, Congresswoman, Mayor, Judge, Justice, Chancellor, Secretary, Ambassador, Speaker,
Director, Inspector, Detective, Officer, Captain, Coach, Manager, General, Colonel, Lieutenant, Sergeant, Admiral,
Commander, King, Queen, Prince, Princess, Pope, Cardinal, Archbishop, Bishop, Rev, Reverend, Father, Sheikh, Emir,
Sultan, Ayatollah, Chairman, Chairwoman, Chief, Commissioner, Sheriff, Superintendent, Councillor, Councilor,
Leader, Spokesman, Spokeswoman, Spokesperson, Executive, CEO, Premier, Chair, Head, Prosecutor, Attorney, Constable,
Gov, Pres, Supt, Insp, Det, Sgt, Capt, Gen, Col, Lt, Saint, Majority, Minority, Whip
`);

/** Verbs of speaking next to a name mark a person: "Kubiak said", "said Kubiak". */
export const SPEECH_VERBS = words(`
said, says, say, told, tells, added, adds, stated, states, explained, wrote, writes, tweeted, noted, warned, claimed,
argued, insisted, announced, confirmed, asked, replied, revealed, admitted, urged, declared, lamented, recalled
`);

export const MONTHS_AND_DAYS = words(`
January, February, March, April, May, June, July, August, September, October, November, December, Jan, Feb, Mar, Apr,
Jun, Jul, Aug, Sep, Sept, Oct, Nov, Dec, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday
`);
