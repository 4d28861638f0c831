import { Entity } from 'electrodb';
import { expenditureReports } from '../../../core/expenditure';
import { incubationTypes } from '../../../core/incubation';
import { service } from './common';

/**
 * A guidance visit or training session (培育) of an established project, in the project's own
 * partition (its id is its declaration's): the project page reads them with one Query. The
 * applicant's response (整改/落实情况) is written onto the record once.
 */
export const incubationRecord = new Entity({
  model: { entity: 'incubation', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    recordId: { type: 'string', required: true },
    type: { type: incubationTypes, required: true },
    /** The China date it took place. */
    date: { type: 'string', required: true },
    topic: { type: 'string', required: true },
    /** Usernames from the directory; shown by name. */
    attendees: { type: 'list', items: { type: 'string' }, required: true },
    notes: { type: 'string' },
    recordedBy: { type: 'string', required: true },
    recordedAt: { type: 'string', required: true },
    response: { type: 'string' },
    respondedBy: { type: 'string' },
    respondedAt: { type: 'string' },
  },
  indexes: {
    byProject: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: ['recordId'] } },
  },
});

/**
 * A project recommended to the province (择优申报省级), written in the acceptance decision's own
 * transaction. Kept under its call's year, sorted by call: the list for a year is one Query, the
 * list for a call the same Query with the call as the sort key's prefix; no Scan.
 */
export const provinceListing = new Entity({
  model: { entity: 'provincelisting', version: '1', service },
  attributes: {
    year: { type: 'number', required: true },
    callId: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    organisationId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    title: { type: 'string', required: true },
    /** What it is recommended for, as the kind named it when decided. */
    recommendedTo: { type: 'string', required: true },
    recommendedAt: { type: 'string', required: true },
    recommendedBy: { type: 'string', required: true },
  },
  indexes: {
    byYear: { pk: { field: 'pk', composite: ['year'] }, sk: { field: 'sk', composite: ['callId', 'declarationId'] } },
  },
});

/**
 * A spending the applicant reports on a budget line (经费支出, issue 23.3), with the mid-term report
 * or the acceptance application, in the project's partition: the funding page reads them all with
 * one Query. Written in one transaction with the project's version, so a decision conditional on
 * the project sees every expenditure it was judged on.
 */
export const expenditure = new Entity({
  model: { entity: 'expenditure', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    expenditureId: { type: 'string', required: true },
    report: { type: expenditureReports, required: true },
    category: { type: 'string', required: true },
    amountFen: { type: 'number', required: true },
    /** The China date it was spent. */
    spentOn: { type: 'string', required: true },
    description: { type: 'string', required: true },
    /** The receipt's file (its name, type, size), kept under the project's materials. */
    receipt: { type: 'any' },
    recordedBy: { type: 'string', required: true },
    recordedAt: { type: 'string', required: true },
  },
  indexes: {
    byProject: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: ['expenditureId'] } },
  },
});
