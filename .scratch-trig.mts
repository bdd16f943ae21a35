import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { openDatabase } from "@/db";
const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "t-")), "x.db"));
console.log(db.$client.prepare("select type, name, tbl_name, substr(sql,1,300) s from sqlite_master where type in ('trigger','table') and name not like 'sqlite_%'").all());
